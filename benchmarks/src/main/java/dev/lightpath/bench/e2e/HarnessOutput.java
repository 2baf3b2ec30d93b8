package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.loadgen.StatusClass;

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
    private static final Pattern HGRM_ROW =
            Pattern.compile("^\\s*([0-9.]+)\\s+([0-9.]+)\\s+(\\d+)(?:\\s+\\S+)?\\s*$");

    private HarnessOutput() {
    }

    static LoadResult read(Path json, Path hgrm) throws IOException {
        String text = Files.readString(json);
        String requestedRate = member(text, "requested_rate", "null|[0-9.]+");
        double rate = requestedRate.equals("null") ? 0 : Double.parseDouble(requestedRate);
        LoadSpec spec = new LoadSpec(string(text, "target"), (int) number(text, "threads"),
                (int) number(text, "connections"), rate);
        Duration duration = Duration.ofNanos(Math.round(Double.parseDouble(member(text, "duration_sec", "[0-9.]+")) * 1e9));

        String responses = object(text, "responses");
        long[] byClass = new long[StatusClass.COUNT];
        for (StatusClass c : StatusClass.values()) {
            byClass[c.ordinal()] = number(responses, c.key());
        }
        String errors = object(text, "errors");
        long[] byKind = new long[ErrorKind.COUNT];
        for (ErrorKind kind : ErrorKind.values()) {
            byKind[kind.ordinal()] = number(errors, kind.key());
        }
        String timelineText = member(text, "timeline", "\\[[0-9,\\s]*\\]");
        String inner = timelineText.substring(1, timelineText.length() - 1).trim();
        long[] timeline = inner.isEmpty() ? new long[0]
                : Arrays.stream(inner.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();

        CumulativeHistogram latency = histogram(Files.readAllLines(hgrm));
        long requests = Arrays.stream(byClass).sum();
        if (latency.count() != requests) {
            throw new IOException(hgrm + " counts " + latency.count() + " latencies but " + json + " has "
                    + requests + " responses");
        }
        return new LoadResult(spec, duration, latency.histogram(), timeline, byClass, byKind,
                number(text, "bytes_received"));
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

    private static String object(String text, String name) throws IOException {
        return member(text, name, "\\{[^{}]*\\}");
    }

    private static long number(String text, String name) throws IOException {
        return Long.parseLong(member(text, name, "-?\\d+"));
    }

    private static String string(String text, String name) throws IOException {
        String quoted = member(text, name, "\"(?:[^\"\\\\]|\\\\.)*\"");
        return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** The raw value of the first member {@code name} whose value matches {@code value}. */
    private static String member(String text, String name, String value) throws IOException {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(" + value + ")").matcher(text);
        if (!m.find()) {
            throw new IOException("no \"" + name + "\" in the harness's JSON");
        }
        return m.group(1);
    }
}
