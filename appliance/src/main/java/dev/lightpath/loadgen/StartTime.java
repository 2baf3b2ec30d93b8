package dev.lightpath.loadgen;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A wall-clock instant at which a run starts ({@code --start-at}), so that load generators on several machines,
 * started by any orchestrator, begin together. Given as ISO-8601 with a zone ({@code 2026-12-06T08:00:00Z},
 * {@code 2026-12-06T09:00:00+01:00}) or as epoch seconds ({@code 1796457600}, decimals allowed). Machines should
 * keep their clocks in step (NTP or PTP): the start is only as common as the clocks are.
 *
 * <p>A time more than {@link #PAST_TOLERANCE} in the past is refused (a stale command line would otherwise start at
 * once, out of step with the others), as is one more than {@link #FUTURE_LIMIT} ahead (most likely a typing error).
 */
public record StartTime(Instant at) {
    public static final Duration PAST_TOLERANCE = Duration.ofSeconds(1);
    public static final Duration FUTURE_LIMIT = Duration.ofHours(24);

    /** Parses and bounds {@code text} against the wall clock's {@code now}; messages say what is wrong. */
    public static StartTime parse(String text, Instant now) {
        String value = text.strip();
        Instant at;
        if (value.matches("\\d+(\\.\\d{1,9})?")) {
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.compareTo(BigDecimal.valueOf(Instant.MAX.getEpochSecond())) > 0) {
                throw new IllegalArgumentException("'" + text + "' is too far ahead");
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            at = Instant.ofEpochSecond(whole, nanos);
        } else {
            try {
                at = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is neither epoch seconds nor an ISO-8601 time with a "
                        + "zone (e.g. 2026-12-06T08:00:00Z or 2026-12-06T09:00:00+01:00)");
            }
        }
        StartTime start = new StartTime(at);
        start.checkAgainst(now);
        return start;
    }

    /** Refuses a start too far in the past or the future of {@code now}. */
    public void checkAgainst(Instant now) {
        Duration ahead = Duration.between(now, at);
        if (ahead.compareTo(PAST_TOLERANCE.negated()) < 0) {
            throw new IllegalArgumentException(at + " is " + describe(ahead.negated()) + " in the past (at most "
                    + describe(PAST_TOLERANCE) + " is allowed)");
        }
        if (ahead.compareTo(FUTURE_LIMIT) > 0) {
            throw new IllegalArgumentException(at + " is " + describe(ahead) + " ahead (at most "
                    + describe(FUTURE_LIMIT) + ")");
        }
    }

    /**
     * The start on a monotonic clock, from one reading of each clock taken together: a run is timed on the
     * monotonic clock so that a step of the wall clock during the run changes nothing.
     */
    public long monotonicNanos(Instant wallNow, long monotonicNow) {
        return monotonicNow + Duration.between(wallNow, at).toNanos();
    }

    private static String describe(Duration d) {
        if (d.compareTo(Duration.ofHours(2)) >= 0) {
            return d.toHours() + " h";
        }
        if (d.compareTo(Duration.ofSeconds(10)) >= 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
