package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a run along a {@link RateProfile} did, part by part: each stretch between two points of the profile (and
 * the hold after the last) is a phase with the rate asked at its ends and the latencies of the requests due in
 * it; and, second by second, the requests the profile asked for ({@link #offered}), to set beside those that
 * completed (the result's timeline).
 *
 * @param profile the profile asked for
 * @param phases  the phases in order
 * @param offered requests asked for in each second of the measured run
 */
public record ProfilePhases(RateProfile profile, List<Phase> phases, double[] offered) {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * One stretch of the profile.
     *
     * @param fromNanos start, from the start of the measured run
     * @param toNanos   end (the end of the run for the last)
     * @param rateFrom  rate asked at the start
     * @param rateTo    rate asked at the end
     * @param latency   latencies of the requests due in the stretch, nanoseconds
     */
    public record Phase(long fromNanos, long toNanos, double rateFrom, double rateTo, Histogram latency) {
        /** Requests answered per second over the phase (by their due time). */
        public double achievedPerSecond() {
            return latency.getTotalCount() * 1e9 / (toNanos - fromNanos);
        }
    }

    /**
     * Where each phase starts, from the start of the measured run: every point of the profile before the run's
     * end that begins a stretch of some length (a step's first point begins none).
     */
    public static long[] starts(RateProfile profile, Duration run) {
        List<Long> starts = new ArrayList<>();
        long end = run.toNanos();
        for (int i = 0; i < profile.points(); i++) {
            long from = profile.pointNanos(i);
            long to = i + 1 < profile.points() ? profile.pointNanos(i + 1) : end;
            if (from < end && to > from) {
                starts.add(from);
            }
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Adds up the cores' phase latencies once the workers have stopped. */
    public static ProfilePhases of(RateProfile profile, Duration run, Collection<LatencyRecorder> recorders) {
        long[] starts = starts(profile, run);
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long to = i + 1 < starts.length ? starts[i + 1] : run.toNanos();
            Histogram latency = LatencyRecorder.newHistogram();
            for (LatencyRecorder recorder : recorders) {
                recorder.addPhaseHistogramTo(i, latency);
            }
            phases.add(new Phase(starts[i], to, profile.rateAt(starts[i]), profile.rateAt(to - 1), latency));
        }
        int seconds = (int) ((run.toNanos() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        double[] offered = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            long to = Math.min(run.toNanos(), (s + 1) * NANOS_PER_SECOND);
            offered[s] = profile.requestsBy(to) - profile.requestsBy(s * NANOS_PER_SECOND);
        }
        return new ProfilePhases(profile, List.copyOf(phases), offered);
    }
}
