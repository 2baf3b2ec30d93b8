package dev.lightpath.loadgen;

import java.util.Locale;

/**
 * The text summary of a load test, laid out as wrk and wrk2 print theirs so it reads the same beside them:
 * <pre>
 * Running 10.00s test @ http://198.18.0.1/
 *   2 threads and 64 connections (closed loop)
 *   Stats        Avg      Stdev     Max   +/- Stdev
 *     Latency   635.91us    0.89ms  12.92ms   93.69%
 *     Req/Sec   110.78k     2.01k  113.40k   80.00%
 *   Latency Distribution (HdrHistogram - Recorded Latency)
 *  50.000%  250.00us
 *  ...
 * 100.000%   12.92ms
 *   1107800 requests in 10.00s, 136.04MB read
 *   Non-2xx or 3xx responses: 12
 *   Socket errors: connect 0, read 0, timeout 0, parse 0
 * Requests/sec: 110780.00
 * Transfer/sec:     13.60MB
 * </pre>
 * Unlike wrk, the Req/Sec row is over all threads together, one sample per whole second of the run.
 */
public final class ResultSummary {
    /** The percentiles the summary lists, as wrk2 does (with 99.999% left out). */
    public static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 100};

    private ResultSummary() {
    }

    public static String render(LoadResult result) {
        StringBuilder out = new StringBuilder(1024);
        LoadSpec spec = result.spec();
        line(out, "Running %s test @ %s", Units.time(result.duration().toNanos()), spec.target());
        line(out, "  %d %s and %d %s (%s)", spec.threads(), spec.threads() == 1 ? "thread" : "threads",
                spec.connections(), spec.connections() == 1 ? "connection" : "connections",
                spec.isClosedLoop() ? "closed loop" : "rate " + Units.count(spec.requestedRate()) + " req/s");
        line(out, "  %-10s %9s %9s %9s %10s", "Stats", "Avg", "Stdev", "Max", "+/- Stdev");
        line(out, "    %-8s %9s %9s %9s %9.2f%%", "Latency", Units.time(result.latencyMeanNanos()),
                Units.time(result.latencyStdDeviationNanos()), Units.time(result.latencyMaxNanos()),
                result.latencyWithinStdDeviationPercent());
        PerSecond perSecond = PerSecond.of(result);
        line(out, "    %-8s %9s %9s %9s %9.2f%%", "Req/Sec", Units.count(perSecond.mean),
                Units.count(perSecond.stdev), Units.count(perSecond.max), perSecond.withinStdev);
        line(out, "  Latency Distribution (HdrHistogram - Recorded Latency)");
        for (double percentile : PERCENTILES) {
            line(out, "%7.3f%%  %9s", percentile, Units.time(result.latencyAtPercentileNanos(percentile)));
        }
        line(out, "  %d requests in %s, %s read", result.requests(), Units.time(result.duration().toNanos()),
                Units.bytes(result.bytesReceived()));
        if (result.failedResponses() > 0) {
            line(out, "  Non-2xx or 3xx responses: %d", result.failedResponses());
        }
        if (result.tls() != null) {
            line(out, "  TLS handshakes: %d, %d resumed, %d failed (%d certificate not verified)",
                    result.tls().handshakes(), result.tls().resumptions(), result.tls().failures(),
                    result.tls().verifyFailures());
        }
        if (result.socketErrors() > 0) {
            StringBuilder errors = new StringBuilder("  Socket errors:");
            for (ErrorKind kind : ErrorKind.values()) {
                if ((kind == ErrorKind.TLS || kind == ErrorKind.TLS_VERIFY) && result.tls() == null
                        && result.errors(kind) == 0) {
                    continue; // a plain HTTP run's line stays wrk's
                }
                errors.append(kind == ErrorKind.CONNECT ? " " : ", ").append(kind.key()).append(' ')
                        .append(result.errors(kind));
            }
            line(out, "%s", errors);
        }
        ProfilePhases profile = result.profile();
        if (profile != null) {
            line(out, "  Rate profile %s", profile.profile());
            line(out, "    %-17s %-19s %10s %9s %9s %9s", "phase", "asked req/s", "done req/s", "p50", "p99", "max");
            for (ProfilePhases.Phase phase : profile.phases()) {
                long count = phase.latency().getTotalCount();
                line(out, "    %-17s %-19s %10s %9s %9s %9s",
                        Units.time(phase.fromNanos()) + "-" + Units.time(phase.toNanos()),
                        Units.count(phase.rateFrom()) + (phase.rateFrom() == phase.rateTo() ? ""
                                : " -> " + Units.count(phase.rateTo())),
                        Units.count(phase.achievedPerSecond()),
                        count == 0 ? "-" : Units.time(phase.latency().getValueAtPercentile(50)),
                        count == 0 ? "-" : Units.time(phase.latency().getValueAtPercentile(99)),
                        count == 0 ? "-" : Units.time(phase.latency().getMaxValue()));
            }
        }
        line(out, "Requests/sec: %12.2f", result.requestsPerSecond());
        line(out, "Transfer/sec: %12s", Units.bytes(result.bytesPerSecond()));
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** Requests per second over the whole seconds of the timeline (the last, partial second left out). */
    private record PerSecond(double mean, double stdev, double max, double withinStdev) {
        static PerSecond of(LoadResult result) {
            int whole = (int) Math.min(result.timelineSeconds(), (long) Math.floor(result.durationSeconds()));
            if (whole == 0) {
                double rate = result.requestsPerSecond();
                return new PerSecond(rate, 0, rate, 100);
            }
            double sum = 0;
            double max = 0;
            for (int s = 0; s < whole; s++) {
                sum += result.completedInSecond(s);
                max = Math.max(max, result.completedInSecond(s));
            }
            double mean = sum / whole;
            double squares = 0;
            for (int s = 0; s < whole; s++) {
                double d = result.completedInSecond(s) - mean;
                squares += d * d;
            }
            double stdev = whole > 1 ? Math.sqrt(squares / (whole - 1)) : 0;
            int within = 0;
            for (int s = 0; s < whole; s++) {
                if (Math.abs(result.completedInSecond(s) - mean) <= stdev) {
                    within++;
                }
            }
            return new PerSecond(mean, stdev, max, 100.0 * within / whole);
        }
    }
}
