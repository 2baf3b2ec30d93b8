package dev.lightpath.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.Locale;

/**
 * How a worker waits when a duty cycle found nothing to do. {@code spin} (the default) burns its core for the
 * lowest latency, as a poll-mode driver expects; {@code backoff} spins, yields, then parks up to a quarter of a millisecond,
 * for laptops and shared CI machines; {@code sleep} parks a millisecond at once.
 */
public final class IdleStrategies {
    private IdleStrategies() {
    }

    /** Whether the strategy {@code name} spins, never waiting between duty cycles. */
    public static boolean spins(String name) {
        return parse(name) instanceof BusySpinIdleStrategy;
    }

    public static IdleStrategy parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "spin" -> new BusySpinIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy(100, 10, 1_000, 250_000);
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException("unknown idle strategy '" + name
                    + "': choose spin, backoff or sleep");
        };
    }
}
