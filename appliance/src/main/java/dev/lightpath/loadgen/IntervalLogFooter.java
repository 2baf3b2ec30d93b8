package dev.lightpath.loadgen;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an interval log holds besides latencies, written as its last comment line so that a merge can rebuild a
 * whole result (requests by status, errors, bytes, what was asked and when it ran):
 * <pre>
 * #lightpath-result target=http://198.18.0.1:80/ threads=2 connections=64 rate=20000.0 measured_from_ms=...
 *     duration_ns=... bytes=... status_1xx=0 ... status_5xx=0 error_connect=0 ... error_parse=0
 * </pre>
 * (one line). HdrHistogram's log readers skip comment lines, so the log stays a standard one.
 *
 * @param measuredFromMillis wall-clock time (epoch milliseconds) at which the measured run began
 */
public record IntervalLogFooter(LoadSpec spec, long measuredFromMillis, long durationNanos, long bytesReceived,
                                long[] responsesByClass, long[] errorsByKind) {
    /** The comment's first word, after the log's {@code #}. */
    public static final String MARK = "lightpath-result";

    public static IntervalLogFooter of(LoadResult result, long measuredFromMillis) {
        long[] responses = new long[StatusClass.COUNT];
        for (StatusClass c : StatusClass.values()) {
            responses[c.ordinal()] = result.responses(c);
        }
        long[] errors = new long[ErrorKind.COUNT];
        for (ErrorKind k : ErrorKind.values()) {
            errors[k.ordinal()] = result.errors(k);
        }
        return new IntervalLogFooter(result.spec(), measuredFromMillis, result.duration().toNanos(),
                result.bytesReceived(), responses, errors);
    }

    /** The comment's text, without the leading {@code #}. */
    public String format() {
        StringBuilder line = new StringBuilder(MARK);
        line.append(" target=").append(spec.target().replace(' ', '+'));
        line.append(" threads=").append(spec.threads());
        line.append(" connections=").append(spec.connections());
        line.append(" rate=").append(String.format(Locale.ROOT, "%.3f", spec.requestedRate()));
        line.append(" measured_from_ms=").append(measuredFromMillis);
        line.append(" duration_ns=").append(durationNanos);
        line.append(" bytes=").append(bytesReceived);
        for (StatusClass c : StatusClass.values()) {
            line.append(' ').append(c.key()).append('=').append(responsesByClass[c.ordinal()]);
        }
        for (ErrorKind k : ErrorKind.values()) {
            line.append(" error_").append(k.key()).append('=').append(errorsByKind[k.ordinal()]);
        }
        return line.toString();
    }

    /**
     * Reads a comment line's text (after the {@code #}); null when it is not this footer.
     *
     * @throws IllegalArgumentException when it is, but a field is missing or malformed
     */
    public static IntervalLogFooter parse(String comment) {
        String text = comment.strip();
        if (!text.startsWith(MARK + " ")) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.substring(MARK.length() + 1).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed field '" + pair + "' in the " + MARK + " line");
            }
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        long[] responses = new long[StatusClass.COUNT];
        for (StatusClass c : StatusClass.values()) {
            responses[c.ordinal()] = count(fields, c.key());
        }
        long[] errors = new long[ErrorKind.COUNT];
        for (ErrorKind k : ErrorKind.values()) {
            errors[k.ordinal()] = count(fields, "error_" + k.key());
        }
        double rate;
        try {
            rate = Double.parseDouble(field(fields, "rate"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate is not a number in the " + MARK + " line");
        }
        LoadSpec spec = new LoadSpec(field(fields, "target"), (int) count(fields, "threads"),
                (int) count(fields, "connections"), rate);
        long duration = count(fields, "duration_ns");
        if (duration <= 0) {
            throw new IllegalArgumentException("duration_ns must be positive in the " + MARK + " line");
        }
        return new IntervalLogFooter(spec, count(fields, "measured_from_ms"), duration, count(fields, "bytes"),
                responses, errors);
    }

    private static String field(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + " in the " + MARK + " line");
        }
        return value;
    }

    private static long count(Map<String, String> fields, String key) {
        String value = field(fields, key);
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a count in the " + MARK + " line");
        }
    }
}
