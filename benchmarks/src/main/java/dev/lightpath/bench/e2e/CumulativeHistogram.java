package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.LatencyRecorder;
import org.HdrHistogram.Histogram;

/**
 * Rebuilds a latency histogram from what a tool printed about it: points of (latency, how many requests took
 * that long or less). Each step between two points is recorded at the upper point's latency, so a percentile
 * read back from the result is the printed value at the printed percentiles and the next printed value in between.
 * The result has the harness's own range and precision, so it adds to the histograms of real runs.
 */
final class CumulativeHistogram {
    private final Histogram histogram =
            new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, LatencyRecorder.SIGNIFICANT_DIGITS);
    private long counted;
    private long lastValue;

    /**
     * Adds a point: {@code cumulativeCount} requests took {@code valueNanos} or less. Points come in order of
     * latency; a count below the previous one (rounding in the tool's percentiles) adds nothing.
     */
    CumulativeHistogram add(long valueNanos, long cumulativeCount) {
        if (valueNanos < lastValue) {
            throw new IllegalArgumentException("points in latency order: " + valueNanos + " ns after " + lastValue);
        }
        lastValue = valueNanos;
        long step = cumulativeCount - counted;
        if (step > 0) {
            histogram.recordValueWithCount(Math.min(LatencyRecorder.HIGHEST_TRACKABLE_NANOS, Math.max(1, valueNanos)),
                    step);
            counted = cumulativeCount;
        }
        return this;
    }

    long count() {
        return counted;
    }

    Histogram histogram() {
        return histogram.copy();
    }
}
