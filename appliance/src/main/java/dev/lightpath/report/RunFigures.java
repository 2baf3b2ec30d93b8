package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The figures a report shows for one run, over its repetitions: the median requests per second and its spread
 * (min and max), the median across repetitions of p50, p99 and p99.9, the errors, the repetition whose throughput
 * is the median (its timeline is the one drawn) and every repetition's latencies together (the percentile curve).
 */
public record RunFigures(Run run, double medianRequestsPerSecond, double minRequestsPerSecond,
                         double maxRequestsPerSecond, double medianP50Nanos, double medianP99Nanos,
                         double medianP999Nanos, long maxLatencyNanos, long errors, LoadResult representative,
                         Histogram allLatencies) {

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
        return new RunFigures(run, median(rps), Arrays.stream(rps).min().orElseThrow(),
                Arrays.stream(rps).max().orElseThrow(), medianPercentile(reps, 50), medianPercentile(reps, 99),
                medianPercentile(reps, 99.9), max, errors, representative, all);
    }

    public int repetitions() {
        return run.repetitions().size();
    }

    private static double medianPercentile(List<LoadResult> reps, double percentile) {
        return median(reps.stream().mapToDouble(r -> r.latencyAtPercentileNanos(percentile)).toArray());
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
