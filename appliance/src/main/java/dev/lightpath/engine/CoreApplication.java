package dev.lightpath.engine;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

import java.util.List;

/**
 * An application run by one worker above its TCP stack (the HTTP server, the echo services, the load generator):
 * its timers are polled in the worker's duty cycle, and its counters read like the layers' own. The engine knows
 * applications only through this interface and its {@link Factory}: which ones run is the caller's choice.
 */
public interface CoreApplication {
    /**
     * The duty cycle's time, given before the frames it received are processed: the timers an application
     * starts from its TCP callbacks (a delayed response, a request timeout) count from it, not from its last
     * poll, which can be a whole idle park earlier.
     */
    default void timeIs(long nowNanos) {
    }

    /** Runs what is due; returns how much work was done (0 when idle). */
    int poll(long nowNanos);

    void forEach(CounterVisitor visitor);

    /** The engine is stopping: accept no more work, finish what is under way, close what is idle. */
    default void drain() {
    }

    /**
     * Builds one worker's application on that worker's stacks (registering protocol handlers, listening on
     * ports), on the thread that starts the engine, before any worker runs.
     */
    @FunctionalInterface
    interface Factory {
        CoreApplication create(int worker, int workers, NetStack net, TcpStack tcp);

        /** Every core's application is built and no worker runs yet: start what they share (a log's writer). */
        default void allCreated() {
        }

        /** What is served, one line each, for the engine's report once it has started; empty for nothing. */
        default List<String> describe() {
            return List.of();
        }
    }
}
