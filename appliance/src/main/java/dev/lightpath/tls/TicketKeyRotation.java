package dev.lightpath.tls;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control side of ticket key rotation: a timer thread of its own reads the clock once a second, and when
 * {@link TicketKeySchedule} says a rotation is due, offers the new keys to every core's {@link CoreTicketKeys},
 * which the core takes up at its next duty cycle, as it takes up a reloaded certificate. The workers never wait on it.
 */
public final class TicketKeyRotation implements AutoCloseable {
    private static final long TICK_MILLIS = 1000;

    private final TicketKeySchedule schedule;
    private final List<CoreTicketKeys> cores;
    private ScheduledExecutorService timer;

    /** @param cores every core's keys, added to as the cores are made (a list safe to read from any thread) */
    public TicketKeyRotation(TicketKeySchedule schedule, List<CoreTicketKeys> cores) {
        this.schedule = schedule;
        this.cores = cores;
    }

    /** The keys a core made now starts with. */
    public TicketKeys current() {
        return schedule.current();
    }

    /** Offers every core the new keys when a rotation is due at {@code nowNanos}; returns the cores offered them. */
    public int tick(long nowNanos) {
        TicketKeys keys = schedule.due(nowNanos);
        if (keys == null) {
            return 0;
        }
        for (CoreTicketKeys core : cores) {
            core.offer(keys);
        }
        return cores.size();
    }

    /** Starts the timer thread, unless the schedule never rotates. */
    public synchronized void start() {
        if (!schedule.rotates() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lightpath-ticket-keys");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> tick(System.nanoTime()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
