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
 *
 * <p>A cycle that starts more than {@link #STALL_NANOS} after the one before is a stall: the worker was held up
 * (a long cycle, a safepoint or GC pause, the kernel or the hypervisor taking the core). Their count and the
 * longest are kept, so that a latency tail can be laid beside what held the worker up. A worker whose idle
 * strategy waits (backoff, sleep) may start late after an idle cycle by its own choice, so for it only the gaps
 * after a busy cycle count.
 */
public final class DutyCycleCounters implements CounterSource {
    /** A gap between two cycle starts above this is counted as a stall: far above any cycle's own work. */
    public static final long STALL_NANOS = 200_000;

    private final boolean spinning;
    private long cycles;
    private long stalls;
    private long longestGapNanos;
    private long busyCycles;
    private long busyNanos;
    private long lastStart;
    private boolean lastBusy;

    /** For a worker that spins when idle: every late start is a stall. */
    public DutyCycleCounters() {
        this(true);
    }

    /** @param spinning whether the worker's idle strategy spins (never waits between cycles) */
    public DutyCycleCounters(boolean spinning) {
        this.spinning = spinning;
    }

    /** Records a cycle that started at {@code startNanos} and found {@code work} items; owner core only. */
    public void cycle(long startNanos, int work) {
        long gap = startNanos - lastStart;
        if (lastBusy) {
            busyNanos += Math.max(0, gap);
        }
        if (cycles > 0 && gap > STALL_NANOS && (spinning || lastBusy)) {
            stalls++;
            longestGapNanos = Math.max(longestGapNanos, gap);
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

    /** Gaps between cycle starts longer than {@link #STALL_NANOS}. */
    public long stalls() {
        return stalls;
    }

    /** The longest gap between two cycle starts that was a stall; 0 before the first. */
    public long longestStallNanos() {
        return longestGapNanos;
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("engine.cycles", cycles);
        visitor.counter("engine.cycles.busy", busyCycles);
        visitor.counter("engine.busy_ns", busyNanos);
        visitor.counter("engine.stalls", stalls);
        visitor.gauge("engine.stall_max_ns", longestGapNanos);
    }
}
