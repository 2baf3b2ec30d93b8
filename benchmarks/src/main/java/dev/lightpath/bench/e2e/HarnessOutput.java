package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.loadgen.StatusClass;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repetition run by the lightpath harness ({@code appliance loadgen --json F --hgrm H}) read back into a
 * {@link LoadResult}: counts, errors, bytes and timeline from the JSON, the latency histogram from the
 * {@code .hgrm} percentile distribution (its values in microseconds with nanosecond decimals, its counts exact).
 */
final class HarnessOutput {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern HGRM_ROW =
            Pattern.compile("^\\s*([0-9.]+)\\s+([0-9.]+)\\s+(\\d+)(?:\\s+\\S+)?\\s*$");

    private HarnessOutput() {
    }

    static LoadResult read(Path json, Path hgrm) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json.toFile());
        } catch (JacksonException e) {
            throw new IOException(json + " is not the harness's JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode requestedRate = field(root, "requested_rate", json);
        LoadSpec spec = new LoadSpec(field(root, "target", json).asString(), field(root, "threads", json).asInt(),
                field(root, "connections", json).asInt(), requestedRate.isNull() ? 0 : requestedRate.asDouble());
        Duration duration = Duration.ofNanos(Math.round(field(root, "duration_sec", json).asDouble() * 1e9));

        JsonNode responses = field(root, "responses", json);
        long[] byClass = new long[StatusClass.COUNT];
        for (StatusClass c : StatusClass.values()) {
            byClass[c.ordinal()] = field(responses, c.key(), json).asLong();
        }
        JsonNode errors = field(root, "errors", json);
        long[] byKind = new long[ErrorKind.COUNT];
        for (ErrorKind kind : ErrorKind.values()) {
            byKind[kind.ordinal()] = field(errors, kind.key(), json).asLong();
        }
        JsonNode seconds = field(root, "timeline", json);
        long[] timeline = new long[seconds.size()];
        for (int s = 0; s < timeline.length; s++) {
            timeline[s] = seconds.get(s).asLong();
        }

        CumulativeHistogram latency = histogram(Files.readAllLines(hgrm));
        long requests = Arrays.stream(byClass).sum();
        if (latency.count() != requests) {
            throw new IOException(hgrm + " counts " + latency.count() + " latencies but " + json + " has "
                    + requests + " responses");
        }
        return new LoadResult(spec, duration, latency.histogram(), timeline, byClass, byKind,
                field(root, "bytes_received", json).asLong());
    }

    /** The rows of an HdrHistogram percentile distribution: value (us), percentile, total count so far. */
    static CumulativeHistogram histogram(Iterable<String> hgrmLines) {
        CumulativeHistogram histogram = new CumulativeHistogram();
        for (String line : hgrmLines) {
            Matcher row = HGRM_ROW.matcher(line);
            if (row.matches()) {
                histogram.add(Math.round(Double.parseDouble(row.group(1)) * 1000), Long.parseLong(row.group(3)));
            }
        }
        return histogram;
    }

    /** The member {@code name} of {@code node}; a JSON without it is not the harness's. */
    private static JsonNode field(JsonNode node, String name, Path file) throws IOException {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new IOException("no \"" + name + "\" in the harness's JSON " + file);
        }
        return value;
    }
}
