package dev.lightpath.time;

/**
 * The time of a core's current duty cycle: its source read once when the cycle starts ({@link #advance}), and
 * that value seen by everything the cycle runs. A read of the system's monotonic clock costs tens of
 * nanoseconds on a virtual machine (about 30 where the benchmarks run), and the TCP path took two or three per
 * segment (arrival, output, the timestamp option); a cycle's burst of up to 32 frames now pays for one. This is
 * Linux's {@code tcp_mstamp}, refreshed once per batch of work, and Aeron's cached nano clock. Every event of a
 * cycle is stamped with the cycle's start, when its frames were taken from the port.
 *
 * <p>Only the worker whose cycle it is advances it, and only that core's stack reads it: nothing is shared.
 */
public final class CycleClock implements Clock {
    private final Clock source;
    private long now;

    public CycleClock(Clock source) {
        this.source = source;
        this.now = source.nanos();
    }

    @Override
    public long nanos() {
        return now;
    }

    /** Starts a cycle: reads the source once, and returns what every reader sees until the next cycle starts. */
    public long advance() {
        now = source.nanos();
        return now;
    }
}
