package dev.lightpath.loadgen;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.core.json.JsonFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 *   over https:// only: "tls": {"handshakes", "resumptions", "failures", "verify_failures"},
 *   along a rate profile only:
 *   "profile": "0s:10000,30s:100000", "offered": [requests asked for in second 0, second 1, ...],
 *   "phases": [{"from_sec", "to_sec", "rate_from", "rate_to", "requests", "achieved_per_sec",
 *               "latency_us": {"p50", ..., "p9999", "max"}}, ...] (requests by the phase they were due in)
 * }
 * </pre>
 * Latencies are in microseconds with nanosecond decimals. Written with Jackson's streaming generator, so the
 * document is well formed and its strings escaped by construction.
 */
public final class ResultJson {
    /** Percentile keys and values, in the order they are written. */
    private static final String[] PERCENTILE_KEYS = {"p50", "p75", "p90", "p99", "p999", "p9999"};
    private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99};

    private ResultJson() {
    }

    private static final JsonFactory FACTORY = new JsonFactory();
    /** One member per line, indented, {@code "name": value}: for people and for grep alike. */
    private static final ObjectWriteContext INDENTED = new ObjectWriteContext.Base() {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER));
        }
    };

    public static String render(LoadResult result) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(INDENTED, text)) {
            json.writeStartObject();
            fields(json, result);
            json.writeEndObject();
        }
        return text + "\n";
    }

    private static void fields(JsonGenerator json, LoadResult result) {
        LoadSpec spec = result.spec();
        json.writeStringProperty("target", spec.target());
        json.writeNumberProperty("threads", spec.threads());
        json.writeNumberProperty("connections", spec.connections());
        decimal(json, "requested_rate", spec.isClosedLoop() ? Double.NaN : spec.requestedRate(), 3);
        decimal(json, "duration_sec", result.durationSeconds(), 9);
        json.writeNumberProperty("requests", result.requests());
        decimal(json, "requests_per_sec", result.requestsPerSecond(), 3);
        json.writeNumberProperty("bytes_received", result.bytesReceived());
        decimal(json, "transfer_per_sec", result.bytesPerSecond(), 3);
        outcomes(json, result);
        latency(json, result);
        json.writeArrayPropertyStart("timeline");
        for (int s = 0; s < result.timelineSeconds(); s++) {
            json.writeNumber(result.completedInSecond(s));
        }
        json.writeEndArray();
        if (result.tls() != null) {
            json.writeObjectPropertyStart("tls");
            json.writeNumberProperty("handshakes", result.tls().handshakes());
            json.writeNumberProperty("resumptions", result.tls().resumptions());
            json.writeNumberProperty("failures", result.tls().failures());
            json.writeNumberProperty("verify_failures", result.tls().verifyFailures());
            json.writeEndObject();
        }
        if (result.profile() != null) {
            profile(json, result.profile());
        }
    }

    private static void outcomes(JsonGenerator json, LoadResult result) {
        json.writeObjectPropertyStart("responses");
        for (StatusClass c : StatusClass.values()) {
            json.writeNumberProperty(c.key(), result.responses(c));
        }
        json.writeEndObject();
        json.writeObjectPropertyStart("errors");
        for (ErrorKind kind : ErrorKind.values()) {
            json.writeNumberProperty(kind.key(), result.errors(kind));
        }
        json.writeNumberProperty(StatusClass.CLIENT_ERROR.key(), result.responses(StatusClass.CLIENT_ERROR));
        json.writeNumberProperty(StatusClass.SERVER_ERROR.key(), result.responses(StatusClass.SERVER_ERROR));
        json.writeEndObject();
    }

    private static void latency(JsonGenerator json, LoadResult result) {
        json.writeObjectPropertyStart("latency");
        json.writeStringProperty("unit", "us");
        json.writeNumberProperty("count", result.latencyCount());
        decimal(json, "min", micros(result.latencyMinNanos()), 3);
        decimal(json, "mean", micros(result.latencyMeanNanos()), 3);
        decimal(json, "stdev", micros(result.latencyStdDeviationNanos()), 3);
        for (int i = 0; i < PERCENTILES.length; i++) {
            decimal(json, PERCENTILE_KEYS[i], micros(result.latencyAtPercentileNanos(PERCENTILES[i])), 3);
        }
        decimal(json, "max", micros(result.latencyMaxNanos()), 3);
        json.writeEndObject();
    }

    private static void profile(JsonGenerator json, ProfilePhases profile) {
        json.writeStringProperty("profile", profile.profile().toString());
        json.writeArrayPropertyStart("offered");
        for (double asked : profile.offered()) {
            decimal(json, asked, 3);
        }
        json.writeEndArray();
        json.writeArrayPropertyStart("phases");
        for (ProfilePhases.Phase phase : profile.phases()) {
            json.writeStartObject();
            decimal(json, "from_sec", phase.fromNanos() / 1e9, 3);
            decimal(json, "to_sec", phase.toNanos() / 1e9, 3);
            decimal(json, "rate_from", phase.rateFrom(), 3);
            decimal(json, "rate_to", phase.rateTo(), 3);
            long requests = phase.latency().getTotalCount();
            json.writeNumberProperty("requests", requests);
            decimal(json, "achieved_per_sec", phase.achievedPerSecond(), 3);
            json.writeObjectPropertyStart("latency_us");
            for (int i = 0; i < PERCENTILES.length; i++) {
                decimal(json, PERCENTILE_KEYS[i], requests == 0 ? 0
                        : micros(phase.latency().getValueAtPercentile(PERCENTILES[i])), 3);
            }
            decimal(json, "max", micros(requests == 0 ? 0 : phase.latency().getMaxValue()), 3);
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    public static void write(LoadResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }

    private static void decimal(JsonGenerator json, String name, double value, int decimals) {
        json.writeName(name);
        decimal(json, value, decimals);
    }

    /** A number in plain notation (no exponent), rounded to {@code decimals} places; null when not finite. */
    private static void decimal(JsonGenerator json, double value, int decimals) {
        if (!Double.isFinite(value)) {
            json.writeNull();
            return;
        }
        BigDecimal rounded = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        json.writeNumber(rounded.scale() < 0 ? rounded.setScale(0) : rounded);
    }

    private static double micros(double nanos) {
        return nanos / 1e3;
    }
}
