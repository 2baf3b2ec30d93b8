package dev.lightpath.io;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quantities of the {@code --impair} syntax, written as tc-netem's users write them: durations ({@code 10ms},
 * {@code 250us}, {@code 1.5s}), rates in bits per second ({@code 100mbit}, {@code 1gbit}, {@code 64kbit}) and
 * sizes in bytes ({@code 200kb}, {@code 1mb}, {@code 1500b}; k and m are powers of ten, kib and mib of two).
 * Each parse names what it expected when the text is not one.
 */
final class ImpairmentUnits {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]+)");

    private ImpairmentUnits() {
    }

    static long duration(String name, String text) {
        Matcher m = match(name, text, "a duration (e.g. 10ms, 250us, 1s)");
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> throw notA(name, text, "a duration (e.g. 10ms, 250us, 1s; units ns, us, ms, s)");
        };
        return scaled(name, text, m.group(1), unit);
    }

    static long rate(String name, String text) {
        Matcher m = match(name, text, "a rate (e.g. 100mbit, 1gbit, 64kbit)");
        long unit = switch (m.group(2)) {
            case "bit" -> 1L;
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            case "gbit" -> 1_000_000_000L;
            default -> throw notA(name, text, "a rate in bits per second (e.g. 100mbit; units bit, kbit, mbit, gbit)");
        };
        return scaled(name, text, m.group(1), unit);
    }

    static long bytes(String name, String text) {
        Matcher m = match(name, text, "a size (e.g. 200kb, 1mb, 1500b)");
        long unit = switch (m.group(2)) {
            case "b" -> 1L;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "kib" -> 1024L;
            case "mib" -> 1024L * 1024;
            default -> throw notA(name, text, "a size in bytes (e.g. 200kb; units b, kb, mb, kib, mib)");
        };
        return scaled(name, text, m.group(1), unit);
    }

    static String formatDuration(long nanos) {
        if (nanos % 1_000_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    static String formatRate(long bitsPerSecond) {
        if (bitsPerSecond % 1_000_000_000L == 0) {
            return bitsPerSecond / 1_000_000_000L + "gbit";
        }
        if (bitsPerSecond % 1_000_000L == 0) {
            return bitsPerSecond / 1_000_000L + "mbit";
        }
        if (bitsPerSecond % 1_000L == 0) {
            return bitsPerSecond / 1_000L + "kbit";
        }
        return bitsPerSecond + "bit";
    }

    static String formatBytes(long bytes) {
        if (bytes % 1_000_000L == 0 && bytes != 0) {
            return bytes / 1_000_000L + "mb";
        }
        if (bytes % 1_000L == 0 && bytes != 0) {
            return bytes / 1_000L + "kb";
        }
        return bytes + "b";
    }

    private static Matcher match(String name, String text, String expected) {
        Matcher m = QUANTITY.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw notA(name, text, expected);
        }
        return m;
    }

    private static long scaled(String name, String text, String number, long unit) {
        try {
            return new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).longValueExact();
        } catch (ArithmeticException e) {
            throw notA(name, text, "a whole number of " + (unit == 1 ? "units" : "its smallest unit")
                    + " small enough to count");
        }
    }

    private static IllegalArgumentException notA(String name, String text, String expected) {
        return new IllegalArgumentException("impairment " + name + ": '" + text + "' is not " + expected);
    }
}
