package dev.lightpath.io;

/**
 * A link that goes down now and then, for {@code downNanos} each time. Periodic: an outage starts every
 * {@code intervalNanos}, the first one interval after the port is made. Random: the link stays up for an
 * exponentially distributed time of mean {@code intervalNanos} between outages (seeded), so outages come as a
 * Poisson process. While down, every frame offered is dropped and counted.
 */
public record LinkFlap(long intervalNanos, long downNanos, boolean random) {
    public static final LinkFlap NONE = new LinkFlap(0, 0, false);

    public LinkFlap {
        if (intervalNanos < 0 || downNanos < 0) {
            throw new IllegalArgumentException("impairment flap times must not be negative");
        }
        if ((intervalNanos == 0) != (downNanos == 0)) {
            throw new IllegalArgumentException("impairment flap needs both an interval (every: or mean:) and down:");
        }
        if (!random && downNanos > 0 && downNanos >= intervalNanos) {
            throw new IllegalArgumentException("impairment flap down: must be shorter than every: (the link would "
                    + "never come up), was down " + ImpairmentUnits.formatDuration(downNanos) + " every "
                    + ImpairmentUnits.formatDuration(intervalNanos));
        }
    }

    public boolean isNone() {
        return downNanos == 0;
    }

    @Override
    public String toString() {
        return (random ? "mean:" : "every:") + ImpairmentUnits.formatDuration(intervalNanos) + "/down:" + ImpairmentUnits.formatDuration(downNanos);
    }
}
