package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;

/**
 * One core's latencies second by second, handed to the thread that writes the interval log while the run goes:
 * the worker records into one histogram of a small ring and, when a new second of the run begins, publishes it
 * and moves to the next. The reader takes the published ones in order and gives each back by counting it taken.
 * Two volatile counters carry the hand-over; nothing is allocated after construction and nothing blocks.
 *
 * <p>If the reader falls so far behind that the ring is full, the worker keeps recording into the current
 * histogram, whose interval then covers more than a second (its end says so): nothing is lost or counted twice,
 * so the intervals still add up to the whole run.
 */
public final class LatencyIntervals {
    /** Intervals in hand at once; the writer drains every tenth of a second, so a few seconds of slack is ample. */
    static final int RING = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Histogram[] ring = new Histogram[RING];
    private final long[] firstSecond = new long[RING];
    private final long[] endSecond = new long[RING];
    private final long originNanos;
    /** Worker side: the second of the run the current interval began in. */
    private long currentSecond;
    /** Intervals published by the worker. */
    private volatile long published;
    /** Intervals the reader has taken (their histograms may be reused). */
    private volatile long taken;

    /** @param originNanos where second 0 of the run begins, on the clock the worker records with */
    public LatencyIntervals(long originNanos) {
        this.originNanos = originNanos;
        for (int i = 0; i < RING; i++) {
            ring[i] = LatencyRecorder.newHistogram();
        }
    }

    /** Worker side: a latency (already clamped to the histogram's range) of a response completed at {@code now}. */
    void record(long now, long latencyNanos) {
        advance(now);
        ring[(int) (published % RING)].recordValue(latencyNanos);
    }

    /** Worker side: closes the current interval once {@code now} is in a later second (and the ring has room). */
    void advance(long now) {
        long elapsed = now - originNanos;
        if (elapsed < 0) {
            return;
        }
        long second = elapsed / NANOS_PER_SECOND;
        if (second <= currentSecond) {
            return;
        }
        long next = published + 1;
        if (next - taken > RING - 1) {
            return;  // the reader is behind: this interval grows rather than overwrite one not yet written
        }
        int slot = (int) (published % RING);
        firstSecond[slot] = currentSecond;
        endSecond[slot] = second;
        int following = (int) (next % RING);
        ring[following].reset();
        currentSecond = second;
        published = next;
    }

    /** Receives intervals: seconds of the run {@code [firstSecond, endSecond)} and their latencies. */
    @FunctionalInterface
    public interface Sink {
        void interval(long firstSecond, long endSecond, Histogram latencies);
    }

    /** Reader side: hands every interval published and not yet taken to {@code sink}, in order. */
    public int drain(Sink sink) {
        int count = 0;
        long available = published;
        for (long i = taken; i < available; i++) {
            int slot = (int) (i % RING);
            sink.interval(firstSecond[slot], endSecond[slot], ring[slot]);
            taken = i + 1;
            count++;
        }
        return count;
    }

    /**
     * After the worker has stopped (and been joined): drains what remains, then the interval still open, ended
     * at the second after the last recorded (or at {@code endSecond}, whichever is later).
     */
    public int finish(long endSecond, Sink sink) {
        int count = drain(sink);
        Histogram open = ring[(int) (published % RING)];
        if (open.getTotalCount() > 0 || endSecond > currentSecond) {
            sink.interval(currentSecond, Math.max(endSecond, currentSecond + 1), open);
            count++;
        }
        return count;
    }
}
