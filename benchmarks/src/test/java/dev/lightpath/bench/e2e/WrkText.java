package dev.lightpath.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * wrk's output as wrk prints it with {@code benchmarks/e2e/wrk-summary.lua}, made from a latency histogram in
 * microseconds (wrk's own unit), for tests that read it back.
 */
final class WrkText {
    private WrkText() {
    }

    /** The percentiles the script prints, in its order. */
    static List<Double> percentiles() {
        List<Double> list = new ArrayList<>();
        for (int p = 1; p <= 99; p++) {
            list.add((double) p);
        }
        for (int i = 1; i <= 9; i++) {
            list.add(99 + i / 10.0);
        }
        for (int i = 1; i <= 9; i++) {
            list.add(99.9 + i / 100.0);
        }
        list.add(99.999);
        return list;
    }

    static List<String> of(String url, int connections, long durationMicros, long bytes, long[] errors,
                           Histogram micros) {
        List<String> lines = new ArrayList<>();
        lines.add("Running 10s test @ " + url);
        lines.add("  1 threads and " + connections + " connections");
        lines.add("  Thread Stats   Avg      Stdev     Max   +/- Stdev");
        lines.add(String.format(Locale.ROOT, "  %d requests in %.2fs, 1.00MB read", micros.getTotalCount(),
                durationMicros / 1e6));
        lines.add("lightpath-wrk duration_us " + durationMicros);
        lines.add("lightpath-wrk requests " + micros.getTotalCount());
        lines.add("lightpath-wrk bytes " + bytes);
        lines.add(String.format(Locale.ROOT, "lightpath-wrk errors connect %d read %d write %d status %d timeout %d",
                errors[0], errors[1], errors[2], errors[3], errors[4]));
        lines.add("lightpath-wrk latency_us min " + micros.getMinValue() + " max " + micros.getMaxValue());
        for (double p : percentiles()) {
            lines.add(String.format(Locale.ROOT, "lightpath-wrk percentile %.3f %d", p, micros.getValueAtPercentile(p)));
        }
        return lines;
    }
}
