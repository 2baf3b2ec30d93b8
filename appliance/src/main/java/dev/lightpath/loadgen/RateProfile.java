package dev.lightpath.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request rate that changes during the run: points (time, rate), the rate running in a straight line from one
 * point to the next (a step is two points at the same time, a hold two points at the same rate) and held after
 * the last. Written {@code 0:10k,30s:100k,60s:100k}: 10,000 requests/s at the start, rising evenly to 100,000
 * at 30 s, held there. Times are from the start of the measured run (a warm-up before it runs at the first
 * rate); rates take {@code k} (thousands) and {@code M} (millions).
 *
 * <p>Requests are due when the number the profile has asked for so far, {@link #requestsBy}, reaches their
 * number: {@link #timeOfRequest} is its inverse. Pure arithmetic, no allocation, for the workers' fast path.
 */
public final class RateProfile {
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kM]?)");
    private static final double NANOS_PER_SECOND = 1e9;

    private final long[] at;
    private final double[] rate;
    /** Requests asked for from time 0 to each point. */
    private final double[] before;

    public RateProfile(long[] atNanos, double[] perSecond) {
        if (atNanos.length == 0 || atNanos.length != perSecond.length) {
            throw new IllegalArgumentException("a profile needs at least one point, each a time and a rate");
        }
        if (atNanos[0] != 0) {
            throw new IllegalArgumentException("the first point is at time 0");
        }
        for (int i = 0; i < atNanos.length; i++) {
            if (!(perSecond[i] >= 0) || Double.isInfinite(perSecond[i])) {
                throw new IllegalArgumentException("rate " + perSecond[i] + " is not a rate");
            }
            if (i > 0 && atNanos[i] < atNanos[i - 1]) {
                throw new IllegalArgumentException("point times go forward: " + format(atNanos[i]) + " after "
                        + format(atNanos[i - 1]));
            }
        }
        boolean anything = false;
        for (double r : perSecond) {
            anything |= r > 0;
        }
        if (!anything) {
            throw new IllegalArgumentException("every rate is 0: nothing would be sent");
        }
        this.at = atNanos.clone();
        this.rate = perSecond.clone();
        this.before = new double[at.length];
        for (int i = 1; i < at.length; i++) {
            before[i] = before[i - 1] + (rate[i - 1] + rate[i]) / 2 * (at[i] - at[i - 1]) / NANOS_PER_SECOND;
        }
    }

    /** Parses {@code TIME:RATE,TIME:RATE,...}; messages say which point is wrong. */
    public static RateProfile parse(String text) {
        String[] points = text.strip().split("\\s*,\\s*");
        long[] times = new long[points.length];
        double[] rates = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            String[] parts = points[i].split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + points[i] + "' is not TIME:RATE (e.g. 30s:100k)");
            }
            Matcher t = TIME.matcher(parts[0].strip());
            if (!t.matches() || t.group(2) == null && Double.parseDouble(t.group(1)) != 0) {
                throw new IllegalArgumentException("'" + parts[0] + "' in '" + points[i] + "' is not a time (0, 500ms, "
                        + "30s, 2m, 1h)");
            }
            double unit = switch (t.group(2) == null ? "s" : t.group(2)) {
                case "ms" -> 1e6;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 1e9;
            };
            times[i] = Math.round(Double.parseDouble(t.group(1)) * unit);
            Matcher r = RATE.matcher(parts[1].strip());
            if (!r.matches()) {
                throw new IllegalArgumentException("'" + parts[1] + "' in '" + points[i] + "' is not a rate (e.g. 5000, "
                        + "10k, 1.5M)");
            }
            rates[i] = Double.parseDouble(r.group(1)) * switch (r.group(2)) {
                case "k" -> 1e3;
                case "M" -> 1e6;
                default -> 1;
            };
        }
        return new RateProfile(times, rates);
    }

    public int points() {
        return at.length;
    }

    public long pointNanos(int i) {
        return at[i];
    }

    public double pointRate(int i) {
        return rate[i];
    }

    /** The rate asked for at {@code t} nanoseconds from the start of the measured run. */
    public double rateAt(long t) {
        if (t <= 0) {
            return rate[0];
        }
        int i = segmentOf(t);
        if (i == at.length - 1) {
            return rate[i];
        }
        double f = (double) (t - at[i]) / (at[i + 1] - at[i]);
        return rate[i] + (rate[i + 1] - rate[i]) * f;
    }

    /** Requests asked for from time 0 to {@code t} (negative before 0: the warm-up runs at the first rate). */
    public double requestsBy(long t) {
        if (t <= 0) {
            return rate[0] * t / NANOS_PER_SECOND;
        }
        int i = segmentOf(t);
        double dt = (t - at[i]) / NANOS_PER_SECOND;
        return before[i] + (rate[i] + rateAt(t)) / 2 * dt;
    }

    /**
     * When the number of requests asked for reaches {@code n}: the inverse of {@link #requestsBy}, in nanoseconds
     * from the start of the measured run; {@link Long#MAX_VALUE} if the profile never asks for that many.
     */
    public long timeOfRequest(double n) {
        if (n <= 0) {
            return rate[0] > 0 ? (long) Math.floor(n / rate[0] * NANOS_PER_SECOND) : (n == 0 ? 0 : Long.MIN_VALUE / 4);
        }
        int i = at.length - 1;
        while (i > 0 && before[i] >= n) {
            i--;
        }
        double need = n - before[i];
        double r0 = rate[i];
        if (i == at.length - 1) {
            return r0 > 0 ? at[i] + (long) Math.ceil(need / r0 * NANOS_PER_SECOND) : Long.MAX_VALUE;
        }
        double span = (at[i + 1] - at[i]) / NANOS_PER_SECOND;
        double slope = (rate[i + 1] - r0) / span;
        double seconds;
        if (Math.abs(slope) < 1e-12) {
            seconds = need / r0;
        } else {
            // need = r0 s + slope s^2 / 2, solved in the form that loses no precision when slope is small
            seconds = 2 * need / (r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * need)));
        }
        return at[i] + (long) Math.ceil(Math.min(seconds, span) * NANOS_PER_SECOND);
    }

    /** The point whose segment holds {@code t} (the last point for every time after it). */
    private int segmentOf(long t) {
        int i = at.length - 1;
        while (i > 0 && at[i] > t) {
            i--;
        }
        return i;
    }

    /** The highest rate the profile asks for. */
    public double peakRate() {
        double peak = 0;
        for (double r : rate) {
            peak = Math.max(peak, r);
        }
        return peak;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            parts.add(format(at[i]) + ":" + String.format(Locale.ROOT, "%.0f", rate[i]));
        }
        return String.join(",", parts);
    }

    private static String format(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + "s" : nanos / 1_000_000L + "ms";
    }
}
