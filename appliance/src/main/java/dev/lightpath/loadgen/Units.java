package dev.lightpath.loadgen;

import java.util.Locale;

/** Human-readable numbers in the style wrk prints them: 635.91us, 12.92ms, 56.20k, 136.04MB. */
public final class Units {
    private Units() {
    }

    /** A time given in nanoseconds, in us, ms or s with two decimals. */
    public static String time(double nanos) {
        double micros = nanos / 1e3;
        if (Math.abs(micros) < 1000) {
            return format(micros, "us");
        }
        if (Math.abs(micros) < 1_000_000) {
            return format(micros / 1e3, "ms");
        }
        if (Math.abs(micros) < 60_000_000) {
            return format(micros / 1e6, "s");
        }
        return format(micros / 60e6, "m");
    }

    /** A count with a metric suffix: 950, 56.20k, 1.12M, 3.40G. */
    public static String count(double value) {
        double abs = Math.abs(value);
        if (abs < 1e3) {
            return format(value, "");
        }
        if (abs < 1e6) {
            return format(value / 1e3, "k");
        }
        if (abs < 1e9) {
            return format(value / 1e6, "M");
        }
        return format(value / 1e9, "G");
    }

    /** Bytes with a binary suffix, as wrk prints them: 512.00B, 13.47MB (1 MB = 1024 KB). */
    public static String bytes(double value) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double scaled = value;
        int unit = 0;
        while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return format(scaled, units[unit]);
    }

    private static String format(double value, String suffix) {
        return String.format(Locale.ROOT, "%.2f%s", value, suffix);
    }
}
