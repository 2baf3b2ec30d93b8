package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;

/**
 * Latencies of the last interval, handed from a worker to the progress display without locks or allocation:
 * the worker records into one of two histograms and, once a second, publishes it and switches to the other,
 * but only after the reader has given the previous one back. A volatile field carries the hand-over.
 */
final class LiveLatency {
    private final Histogram[] pair = {LatencyRecorder.newHistogram(), LatencyRecorder.newHistogram()};
    private int active;
    private volatile Histogram published;

    /** Worker side. */
    void record(long latencyNanos) {
        pair[active].recordValue(Math.max(0, Math.min(latencyNanos, LatencyRecorder.HIGHEST_TRACKABLE_NANOS)));
    }

    /** Worker side: publishes the interval just ended, if the reader took the previous one. */
    void rotate() {
        if (published == null) {
            published = pair[active];
            active ^= 1;
            pair[active].reset();
        }
    }

    /** Reader side: the latest interval's percentile in nanoseconds, or -1 when none was published. */
    long[] take(double... percentiles) {
        Histogram h = published;
        if (h == null) {
            return null;
        }
        long[] values = new long[percentiles.length + 1];
        for (int i = 0; i < percentiles.length; i++) {
            values[i] = h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentiles[i]);
        }
        values[percentiles.length] = h.getTotalCount();
        published = null;
        return values;
    }
}
