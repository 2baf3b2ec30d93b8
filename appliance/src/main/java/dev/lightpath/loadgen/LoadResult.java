package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * The results of one load test, all cores together: the latency histogram (nanoseconds), the requests completed
 * in each second, responses by status class, errors by kind and bytes received, with what was asked
 * ({@link LoadSpec}) and how long it ran. Immutable.
 */
public final class LoadResult {
    private static final double NANOS_PER_SECOND = 1e9;

    private final LoadSpec spec;
    private final Duration duration;
    private final Histogram latency;
    private final long[] timeline;
    private final long[] responsesByClass;
    private final long[] errorsByKind;
    private final long bytesReceived;
    /** What a rate profile did, phase by phase; null for a run without one. */
    private final ProfilePhases profile;
    /** What TLS did, for a run over https://; null for plain HTTP. */
    private final TlsOutcome tls;

    /**
     * @param spec              what was asked
     * @param duration          how long the run measured (from the recorders' common start to the stop)
     * @param latency           latencies in nanoseconds (copied)
     * @param timeline          requests completed in each second of the run (copied)
     * @param responsesByClass  responses by {@link StatusClass} ordinal (copied)
     * @param errorsByKind      errors by {@link ErrorKind} ordinal (copied)
     * @param bytesReceived     bytes received, headers and bodies
     */
    public LoadResult(LoadSpec spec, Duration duration, Histogram latency, long[] timeline, long[] responsesByClass,
                      long[] errorsByKind, long bytesReceived) {
        this(spec, duration, latency, timeline, responsesByClass, errorsByKind, bytesReceived, null, null);
    }

    private LoadResult(LoadSpec spec, Duration duration, Histogram latency, long[] timeline, long[] responsesByClass,
                       long[] errorsByKind, long bytesReceived, ProfilePhases profile, TlsOutcome tls) {
        this.profile = profile;
        this.tls = tls;
        this.spec = Objects.requireNonNull(spec, "spec");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a run lasts a positive time: " + duration);
        }
        if (responsesByClass.length != StatusClass.COUNT || errorsByKind.length != ErrorKind.COUNT) {
            throw new IllegalArgumentException("one count per status class and per error kind");
        }
        this.duration = duration;
        this.latency = latency.copy();
        this.timeline = timeline.clone();
        this.responsesByClass = responsesByClass.clone();
        this.errorsByKind = errorsByKind.clone();
        this.bytesReceived = bytesReceived;
    }

    /**
     * Adds up every core's recorder once the workers have stopped and been joined (the join makes their plain
     * writes visible here): histograms added, timelines summed second by second, counts summed. The timeline keeps the seconds the run lasted (the last one partial), dropping the
     * recorders' unused margin.
     */
    public static LoadResult merge(LoadSpec spec, Duration duration, Collection<LatencyRecorder> recorders) {
        if (recorders.isEmpty()) {
            throw new IllegalArgumentException("no recorders to merge");
        }
        Histogram latency = LatencyRecorder.newHistogram();
        long secondsRun = (duration.toNanos() + 999_999_999L) / 1_000_000_000L;
        int capacity = Integer.MAX_VALUE;
        long start = recorders.iterator().next().startNanos();
        for (LatencyRecorder recorder : recorders) {
            capacity = Math.min(capacity, recorder.timelineSeconds());
            if (recorder.startNanos() != start) {
                throw new IllegalArgumentException("recorders of one run share a start: " + start + " vs "
                        + recorder.startNanos());
            }
        }
        long[] timeline = new long[(int) Math.min(secondsRun, capacity)];
        long[] responses = new long[StatusClass.COUNT];
        long[] errors = new long[ErrorKind.COUNT];
        long bytes = 0;
        for (LatencyRecorder recorder : recorders) {
            recorder.addHistogramTo(latency);
            for (int s = 0; s < timeline.length; s++) {
                timeline[s] += recorder.completedInSecond(s);
            }
            for (StatusClass c : StatusClass.values()) {
                responses[c.ordinal()] += recorder.responses(c);
            }
            for (ErrorKind k : ErrorKind.values()) {
                errors[k.ordinal()] += recorder.errors(k);
            }
            bytes += recorder.bytesReceived();
        }
        return new LoadResult(spec, duration, latency, timeline, responses, errors, bytes);
    }

    /** This result with what its rate profile did, phase by phase (for a run along a profile). */
    public LoadResult withProfile(ProfilePhases phases) {
        return new LoadResult(spec, duration, latency, timeline, responsesByClass, errorsByKind, bytesReceived, phases,
                tls);
    }

    /** This result with what TLS did (for a run over https://). */
    public LoadResult withTls(TlsOutcome outcome) {
        return new LoadResult(spec, duration, latency, timeline, responsesByClass, errorsByKind, bytesReceived, profile,
                outcome);
    }

    /** What TLS did, or null for a run over plain HTTP. */
    public TlsOutcome tls() {
        return tls;
    }

    /** What the rate profile did, or null for a run without one. */
    public ProfilePhases profile() {
        return profile;
    }

    public LoadSpec spec() {
        return spec;
    }

    public Duration duration() {
        return duration;
    }

    public double durationSeconds() {
        return duration.toNanos() / NANOS_PER_SECOND;
    }

    /** Responses received, of every status class. */
    public long requests() {
        return Arrays.stream(responsesByClass).sum();
    }

    public double requestsPerSecond() {
        return requests() / durationSeconds();
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public double bytesPerSecond() {
        return bytesReceived / durationSeconds();
    }

    public long responses(StatusClass statusClass) {
        return responsesByClass[statusClass.ordinal()];
    }

    /** Responses that were neither 2xx nor 3xx. */
    public long failedResponses() {
        long sum = 0;
        for (StatusClass c : StatusClass.values()) {
            if (c.isFailure()) {
                sum += responses(c);
            }
        }
        return sum;
    }

    public long errors(ErrorKind kind) {
        return errorsByKind[kind.ordinal()];
    }

    /** Requests that got no response, all kinds together. */
    public long socketErrors() {
        return Arrays.stream(errorsByKind).sum();
    }

    /** A copy of the latency histogram, in nanoseconds. */
    public Histogram latencyHistogram() {
        return latency.copy();
    }

    /** Recorded latencies (equal to {@link #requests()} when fed through {@link LatencyRecorder#recordResponse}). */
    public long latencyCount() {
        return latency.getTotalCount();
    }

    /** The latency at a percentile (0..100), in nanoseconds, within the histogram's 3 significant digits. */
    public long latencyAtPercentileNanos(double percentile) {
        return latency.getValueAtPercentile(percentile);
    }

    public double latencyMeanNanos() {
        return latency.getMean();
    }

    public double latencyStdDeviationNanos() {
        return latency.getStdDeviation();
    }

    public long latencyMaxNanos() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue();
    }

    public long latencyMinNanos() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMinValue();
    }

    /** The share of recorded latencies within one standard deviation of the mean, 0..100 (wrk's "+/- Stdev"). */
    public double latencyWithinStdDeviationPercent() {
        long total = latency.getTotalCount();
        if (total == 0) {
            return 0;
        }
        double mean = latency.getMean();
        double stdev = latency.getStdDeviation();
        long lower = (long) Math.ceil(mean - stdev);
        long upper = (long) Math.floor(mean + stdev);
        long within = upper < lower ? 0 : latency.getCountBetweenValues(Math.max(0, lower), Math.max(0, upper));
        return 100.0 * within / total;
    }

    /** Requests completed in each second of the run (a copy). */
    public long[] timeline() {
        return timeline.clone();
    }

    public int timelineSeconds() {
        return timeline.length;
    }

    public long completedInSecond(int second) {
        return timeline[second];
    }
}
