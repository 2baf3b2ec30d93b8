package dev.lightpath.io;

import java.util.SplittableRandom;

/**
 * When one direction's link is down, per {@link LinkFlap}: the current or next outage as a window of time,
 * moved on as time passes. Time only goes forward, so a lookup is a comparison or two.
 */
final class FlapSchedule {
    private final LinkFlap flap;
    private final SplittableRandom random;
    private long downFrom;
    private long downUntil;

    FlapSchedule(LinkFlap flap, long originNanos, long seed) {
        this.flap = flap;
        this.random = new SplittableRandom(seed);
        this.downFrom = originNanos + upTime();
        this.downUntil = downFrom + flap.downNanos();
    }

    /** True when the link is down at {@code now}. */
    boolean isDown(long now) {
        while (now >= downUntil) {
            downFrom = flap.random() ? downUntil + upTime() : downFrom + flap.intervalNanos();
            downUntil = downFrom + flap.downNanos();
        }
        return now >= downFrom;
    }

    private long upTime() {
        if (!flap.random()) {
            return flap.intervalNanos();
        }
        // Exponential, by inversion; 1 - u is never 0, so the log is finite.
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * flap.intervalNanos()));
    }
}
