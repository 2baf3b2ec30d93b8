package dev.lightpath.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A load test's results as JSON, for scripts and for comparing runs:
 * <pre>
 * {
 *   "target": "...", "threads": 2, "connections": 64, "requested_rate": null (closed loop) or req/s,
 *   "duration_sec": 10.0, "requests": 1107800, "requests_per_sec": 110780.0,
 *   "bytes_received": ..., "transfer_per_sec": ... (bytes),
 *   "responses": {"status_1xx": 0, ..., "status_5xx": 0},
 *   "errors": {"connect": 0, "read": 0, "timeout": 0, "parse": 0, "status_4xx": 0, "status_5xx": 0},
 *   "latency": {"unit": "us", "count", "min", "mean", "stdev", "p50", "p75", "p90", "p99", "p999", "p9999", "max"},
 *   "timeline": [requests completed in second 0, second 1, ...],
 *   along a rate profile only:
 *   "profile": "0s:10000,30s:100000", "offered": [requests asked for in second 0, second 1, ...],
 *   "phases": [{"from_sec", "to_sec", "rate_from", "rate_to", "requests", "achieved_per_sec",
 *               "latency_us": {"p50", ..., "p9999", "max"}}, ...] (requests by the phase they were due in)
 * }
 * </pre>
 * Latencies are in microseconds with nanosecond decimals.
 */
public final class ResultJson {
    /** Percentile keys and values, in the order they are written. */
    private static final String[] PERCENTILE_KEYS = {"p50", "p75", "p90", "p99", "p999", "p9999"};
    private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99};

    private ResultJson() {
    }

    public static String render(LoadResult result) {
        JsonWriter json = new JsonWriter().beginObject();
        LoadSpec spec = result.spec();
        json.name("target").value(spec.target());
        json.name("threads").value(spec.threads());
        json.name("connections").value(spec.connections());
        json.name("requested_rate");
        if (spec.isClosedLoop()) {
            json.nullValue();
        } else {
            json.value(spec.requestedRate(), 3);
        }
        json.name("duration_sec").value(result.durationSeconds(), 9);
        json.name("requests").value(result.requests());
        json.name("requests_per_sec").value(result.requestsPerSecond(), 3);
        json.name("bytes_received").value(result.bytesReceived());
        json.name("transfer_per_sec").value(result.bytesPerSecond(), 3);

        json.name("responses").beginObject();
        for (StatusClass c : StatusClass.values()) {
            json.name(c.key()).value(result.responses(c));
        }
        json.endObject();

        json.name("errors").beginObject();
        for (ErrorKind kind : ErrorKind.values()) {
            json.name(kind.key()).value(result.errors(kind));
        }
        json.name(StatusClass.CLIENT_ERROR.key()).value(result.responses(StatusClass.CLIENT_ERROR));
        json.name(StatusClass.SERVER_ERROR.key()).value(result.responses(StatusClass.SERVER_ERROR));
        json.endObject();

        json.name("latency").beginObject();
        json.name("unit").value("us");
        json.name("count").value(result.latencyCount());
        json.name("min").value(micros(result.latencyMinNanos()), 3);
        json.name("mean").value(micros(result.latencyMeanNanos()), 3);
        json.name("stdev").value(micros(result.latencyStdDeviationNanos()), 3);
        for (int i = 0; i < PERCENTILES.length; i++) {
            json.name(PERCENTILE_KEYS[i]).value(micros(result.latencyAtPercentileNanos(PERCENTILES[i])), 3);
        }
        json.name("max").value(micros(result.latencyMaxNanos()), 3);
        json.endObject();

        json.name("timeline").beginArray();
        for (int s = 0; s < result.timelineSeconds(); s++) {
            json.value(result.completedInSecond(s));
        }
        json.endArray();
        ProfilePhases profile = result.profile();
        if (profile != null) {
            json.name("profile").value(profile.profile().toString());
            json.name("offered").beginArray();
            for (double asked : profile.offered()) {
                json.value(asked, 3);
            }
            json.endArray();
            json.name("phases").beginArray();
            for (ProfilePhases.Phase phase : profile.phases()) {
                json.beginObject();
                json.name("from_sec").value(phase.fromNanos() / 1e9, 3);
                json.name("to_sec").value(phase.toNanos() / 1e9, 3);
                json.name("rate_from").value(phase.rateFrom(), 3);
                json.name("rate_to").value(phase.rateTo(), 3);
                json.name("requests").value(phase.latency().getTotalCount());
                json.name("achieved_per_sec").value(phase.achievedPerSecond(), 3);
                json.name("latency_us").beginObject();
                for (int i = 0; i < PERCENTILES.length; i++) {
                    json.name(PERCENTILE_KEYS[i]).value(phase.latency().getTotalCount() == 0 ? 0
                            : micros(phase.latency().getValueAtPercentile(PERCENTILES[i])), 3);
                }
                json.name("max").value(micros(phase.latency().getTotalCount() == 0 ? 0 : phase.latency().getMaxValue()), 3);
                json.endObject();
                json.endObject();
            }
            json.endArray();
        }
        return json.endObject().toString();
    }

    public static void write(LoadResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }

    private static double micros(double nanos) {
        return nanos / 1e3;
    }
}
