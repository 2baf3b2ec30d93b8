package dev.lightpath.engine;

import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.CounterVisitor;

/**
 * How much of a worker's time went to work: its duty cycles, those that found something to do, and the time from
 * the start of each busy cycle to the start of the next. A core that polls reads as 100% busy to the operating
 * system whatever it finds; these say how close it is to saturation, which is what a benchmark needs to know
 * before it blames the server for what its client could not send.
 *
 * <p>The time of a busy cycle is taken from the clock read that starts each cycle, so no second read is paid
 * for it. A busy cycle is followed at once by the next one (the idle strategies reset on work), so the time up to
 * that next start is the cycle's own; an idle cycle's time, and whatever the idle strategy waits after it, counts
 * as idle.
 */
public final class DutyCycleCounters implements CounterSource {
    private long cycles;
    private long busyCycles;
    private long busyNanos;
    private long lastStart;
    private boolean lastBusy;

    /** Records a cycle that started at {@code startNanos} and found {@code work} items; owner core only. */
    public void cycle(long startNanos, int work) {
        if (lastBusy) {
            busyNanos += Math.max(0, startNanos - lastStart);
        }
        cycles++;
        lastBusy = work > 0;
        if (lastBusy) {
            busyCycles++;
        }
        lastStart = startNanos;
    }

    public long cycles() {
        return cycles;
    }

    public long busyCycles() {
        return busyCycles;
    }

    /** The time spent in busy cycles, up to the start of the latest cycle. */
    public long busyNanos() {
        return busyNanos;
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("engine.cycles", cycles);
        visitor.counter("engine.cycles.busy", busyCycles);
        visitor.counter("engine.busy_ns", busyNanos);
    }
}
