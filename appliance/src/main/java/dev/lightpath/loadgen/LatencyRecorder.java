package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One worker core's results while a load test runs: the latency of every completed request, how many completed in
 * each second of the run, responses by status class, errors by kind and bytes received.
 *
 * <p>Owned by one thread: plain fields, no locks or atomics, and nothing is allocated after construction (the
 * histogram covers 1 ns to {@link #HIGHEST_TRACKABLE_NANOS} up front, the timeline is sized for the run and a
 * margin). The engine feeds it from its fast path; once the workers have stopped, {@link LoadResult#merge} reads
 * every core's recorder.
 *
 * <p>Latency is what the caller measures. For a fixed-rate run it should be taken from the time the request was
 * due to be sent, not the time it was sent, so that a stalled server is charged for the requests it held back
 * (coordinated omission, as wrk2 corrects it).
 */
public final class LatencyRecorder {
    /** Latencies above one hour are recorded as one hour (and counted in {@link #latenciesClamped()}). */
    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    public static final int SIGNIFICANT_DIGITS = 3;
    /** Seconds of timeline beyond the planned duration: the drain after the end, a late stop. */
    public static final int TIMELINE_MARGIN_SECONDS = 10;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Histogram histogram = newHistogram();
    private final long startNanos;
    private final long[] completedPerSecond;
    private final long[] responsesByClass = new long[StatusClass.COUNT];
    private final long[] errorsByKind = new long[ErrorKind.COUNT];
    private long bytesReceived;
    private long completedOutsideTimeline;
    private long latenciesClamped;
    /** Second-by-second latencies for an interval log, or null when none is written. */
    private final LatencyIntervals intervals;
    /** Where each phase of a rate profile starts, from {@link #startNanos}, or null without a profile. */
    private final long[] phaseStarts;
    /** Latencies of the requests due in each phase. */
    private final Histogram[] phaseLatency;

    /**
     * @param startNanos   the run's start on the clock the caller passes to {@link #recordResponse}: second 0 of
     *                     the timeline begins there (every core of a run should be given the same start)
     * @param plannedRun   how long the run is planned to last; the timeline holds that, rounded up to whole
     *                     seconds, plus {@link #TIMELINE_MARGIN_SECONDS}
     */
    public LatencyRecorder(long startNanos, Duration plannedRun) {
        this(startNanos, plannedRun, false);
    }

    /**
     * @param keepIntervals also keep each second's latencies apart ({@link #intervals()}), for an interval log
     */
    public LatencyRecorder(long startNanos, Duration plannedRun, boolean keepIntervals) {
        this(startNanos, plannedRun, keepIntervals, null);
    }

    /**
     * @param phaseStarts where the phases of a rate profile start, from {@code startNanos} ({@link
     *                    ProfilePhases#starts}): latencies are also kept phase by phase, by due time; or null
     */
    public LatencyRecorder(long startNanos, Duration plannedRun, boolean keepIntervals, long[] phaseStarts) {
        if (plannedRun.isNegative()) {
            throw new IllegalArgumentException("the run cannot last a negative time: " + plannedRun);
        }
        long seconds = (plannedRun.toNanos() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND + TIMELINE_MARGIN_SECONDS;
        this.startNanos = startNanos;
        this.completedPerSecond = new long[Math.toIntExact(seconds)];
        this.intervals = keepIntervals ? new LatencyIntervals(startNanos) : null;
        this.phaseStarts = phaseStarts == null ? null : phaseStarts.clone();
        this.phaseLatency = phaseStarts == null ? null : new Histogram[phaseStarts.length];
        for (int i = 0; phaseLatency != null && i < phaseLatency.length; i++) {
            phaseLatency[i] = newHistogram();
        }
    }

    /** An empty histogram with the recorder's range and precision, for merging recorders into. */
    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** Records one latency in the histogram alone (no request is counted); returns the value recorded. */
    public long record(long latencyNanos) {
        long value = latencyNanos;
        if (value < 0) {
            // A clock that stepped back, not a response faster than light: count it as zero.
            value = 0;
        } else if (value > HIGHEST_TRACKABLE_NANOS) {
            value = HIGHEST_TRACKABLE_NANOS;
            latenciesClamped++;
        }
        histogram.recordValue(value);
        return value;
    }

    /** The worker's clock reads {@code now}: an interval whose second is over is handed on even if no answer came. */
    public void tick(long now) {
        if (intervals != null) {
            intervals.advance(now);
        }
    }

    /** Each second's latencies, or null when the recorder was not asked to keep them. */
    public LatencyIntervals intervals() {
        return intervals;
    }

    /**
     * A response arrived complete: its latency goes into the histogram, the request into the timeline second it
     * completed in, and the response into its status class. A status outside 100..599 counts as a
     * {@link ErrorKind#PARSE} error instead, with no latency recorded.
     */
    public void recordResponse(long completedAtNanos, long latencyNanos, int statusCode) {
        int statusClass = StatusClass.indexOf(statusCode);
        if (statusClass < 0) {
            errorsByKind[ErrorKind.PARSE.ordinal()]++;
            return;
        }
        long value = record(latencyNanos);
        if (intervals != null) {
            intervals.record(completedAtNanos, value);
        }
        if (phaseStarts != null) {
            long due = completedAtNanos - latencyNanos - startNanos;
            int phase = phaseStarts.length - 1;
            while (phase > 0 && phaseStarts[phase] > due) {
                phase--;
            }
            phaseLatency[phase].recordValue(value);
        }
        responsesByClass[statusClass]++;
        long elapsed = completedAtNanos - startNanos;
        long second = elapsed / NANOS_PER_SECOND;
        if (elapsed >= 0 && second < completedPerSecond.length) {
            completedPerSecond[(int) second]++;
        } else {
            completedOutsideTimeline++;
        }
    }

    /** A request ended without a response. */
    public void recordError(ErrorKind kind) {
        errorsByKind[kind.ordinal()]++;
    }

    /** Bytes received on the connections, headers and bodies. */
    public void addBytesReceived(long bytes) {
        bytesReceived += bytes;
    }

    /** Responses received, of every status class. */
    public long requests() {
        long sum = 0;
        for (long count : responsesByClass) {
            sum += count;
        }
        return sum;
    }

    public long responses(StatusClass statusClass) {
        return responsesByClass[statusClass.ordinal()];
    }

    public long errors(ErrorKind kind) {
        return errorsByKind[kind.ordinal()];
    }

    /** Requests that ended without a response, every kind together. */
    public long errors() {
        long sum = 0;
        for (long count : errorsByKind) {
            sum += count;
        }
        return sum;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public long startNanos() {
        return startNanos;
    }

    public int timelineSeconds() {
        return completedPerSecond.length;
    }

    /** Responses completed during second {@code second} of the run. */
    public long completedInSecond(int second) {
        return completedPerSecond[second];
    }

    /** Responses that completed before the start or after the end of the timeline (still in {@link #requests}). */
    public long completedOutsideTimeline() {
        return completedOutsideTimeline;
    }

    public long latenciesClamped() {
        return latenciesClamped;
    }

    /** Adds phase {@code phase}'s latencies into {@code into} (nothing without phases); once the core has stopped. */
    void addPhaseHistogramTo(int phase, Histogram into) {
        if (phaseLatency != null) {
            into.add(phaseLatency[phase]);
        }
    }

    /** Adds this recorder's histogram into {@code into}; read only once the owning core has stopped. */
    void addHistogramTo(Histogram into) {
        into.add(histogram);
    }
}
