package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The figures a report shows for one run, over its repetitions: the median requests per second with its spread
 * (min and max) and the confidence interval of the median ({@link MedianInterval}), the median across
 * repetitions of p50, p99 and p99.9 (p99's with its interval), the largest latency seen, the errors, how busy
 * the client's and the server's cores were (medians over the repetitions, when watched), the repetition whose
 * throughput is the median (its timeline is the one drawn) and every repetition's latencies together (the
 * percentile curve).
 */
public record RunFigures(Run run, double medianRequestsPerSecond, double minRequestsPerSecond,
                         double maxRequestsPerSecond, MedianInterval requestsPerSecondInterval,
                         double medianP50Nanos, double medianP99Nanos, MedianInterval p99Interval,
                         double medianP999Nanos, long maxLatencyNanos, long errors, Optional<CoreUse> coreUse,
                         LoadResult representative, Histogram allLatencies) {
    /** The share of the offered rate a fixed-rate run must achieve to be below its knee. */
    public static final double ACHIEVED = 0.95;

    public static RunFigures of(Run run) {
        List<LoadResult> reps = run.repetitions();
        double[] rps = reps.stream().mapToDouble(LoadResult::requestsPerSecond).toArray();
        Histogram all = null;
        long errors = 0;
        long max = 0;
        for (LoadResult rep : reps) {
            Histogram h = rep.latencyHistogram();
            if (all == null) {
                all = h;
            } else {
                all.add(h);
            }
            errors += rep.socketErrors() + rep.failedResponses();
            max = Math.max(max, rep.latencyMaxNanos());
        }
        // The lower median for an even count, so the representative is a repetition that really ran.
        LoadResult representative = reps.stream().sorted(Comparator.comparingDouble(LoadResult::requestsPerSecond))
                .toList().get((reps.size() - 1) / 2);
        MedianInterval p99 = MedianInterval.of(percentiles(reps, 99));
        return new RunFigures(run, median(rps), Arrays.stream(rps).min().orElseThrow(),
                Arrays.stream(rps).max().orElseThrow(), MedianInterval.of(rps), median(percentiles(reps, 50)),
                p99.median(), p99, median(percentiles(reps, 99.9)), max, errors, medianCoreUse(run), representative,
                all);
    }

    public int repetitions() {
        return run.repetitions().size();
    }

    /**
     * A fixed-rate run achieved (its median) at least {@value #ACHIEVED} of the rate offered: below it the run is
     * past its knee, and its latency is its queue growing over the run. The suite's sweep holds the same bound.
     */
    public boolean achievedOfferedRate() {
        return medianRequestsPerSecond >= ACHIEVED * run.offeredRate();
    }

    /**
     * The client's core was saturated while the server's was not (medians over the repetitions): the
     * requests/s figure is what the client could drive, a lower bound of what the server can serve.
     */
    public boolean clientBound() {
        return coreUse.map(CoreUse::clientBusy).orElse(0.0) > CoreUse.SATURATED
                && coreUse.map(CoreUse::serverBusy).orElse(1.0) <= CoreUse.SATURATED;
    }

    private static Optional<CoreUse> medianCoreUse(Run run) {
        if (run.coreUse().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CoreUse(median(run.coreUse().stream().mapToDouble(CoreUse::clientBusy).toArray()),
                median(run.coreUse().stream().mapToDouble(CoreUse::serverBusy).toArray())));
    }

    private static double[] percentiles(List<LoadResult> reps, double percentile) {
        return reps.stream().mapToDouble(r -> r.latencyAtPercentileNanos(percentile)).toArray();
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(double[] values) {
        return MedianInterval.of(values).median();
    }
}
