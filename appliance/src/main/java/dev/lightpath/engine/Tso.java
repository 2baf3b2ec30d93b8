package dev.lightpath.engine;

import java.util.Locale;

/**
 * Whether TCP hands the port segments longer than the MSS for it to cut ({@code port.tso}): {@link #AUTO} where the
 * port offers TCP segmentation offload, {@link #ON} insisting on it (the start fails when the port does not offer
 * it), {@link #OFF} never.
 */
public enum Tso {
    AUTO, ON, OFF;

    /** {@code auto}, {@code on} or {@code off}. */
    public static Tso parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "on", "true" -> ON;
            case "off", "false" -> OFF;
            default -> throw new IllegalArgumentException("is auto, on or off, not '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
