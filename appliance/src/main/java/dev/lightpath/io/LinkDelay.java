package dev.lightpath.io;

/**
 * How long a frame takes to cross the link: {@code delayNanos}, plus or minus a jitter drawn uniformly from
 * [-jitterNanos, +jitterNanos] for each frame (seeded), so the mean is the delay. A frame may therefore overtake
 * the one before it, as with tc-netem's jitter, unless {@code inOrder} is set: then a frame never leaves before
 * its predecessor (its time is raised to its predecessor's), which keeps the order and pulls the mean up a
 * little. The link holds at most {@code limitFrames} frames in flight; beyond that it drops them (tail drop,
 * counted as queue drops), as netem's limit does.
 */
public record LinkDelay(long delayNanos, long jitterNanos, boolean inOrder, int limitFrames) {
    /** Frames in flight a link holds when the limit is not given: 10 ms of a 10 Gbit/s link in 1500-byte frames. */
    public static final int DEFAULT_LIMIT = 10_000;
    public static final LinkDelay NONE = new LinkDelay(0, 0, false, DEFAULT_LIMIT);

    public LinkDelay {
        if (delayNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("impairment delay and jitter must not be negative");
        }
        if (jitterNanos > delayNanos) {
            throw new IllegalArgumentException("impairment jitter " + ImpairmentUnits.formatDuration(jitterNanos)
                    + " exceeds delay " + ImpairmentUnits.formatDuration(delayNanos)
                    + ": a frame cannot arrive before it was sent (give a delay of at least the jitter)");
        }
        if (limitFrames < 1) {
            throw new IllegalArgumentException("impairment limit must be at least 1 frame, was " + limitFrames);
        }
    }

    public boolean isNone() {
        return delayNanos == 0;
    }
}
