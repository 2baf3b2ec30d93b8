package dev.lightpath.net;

/**
 * At most {@code perSecond} events a second, with bursts of up to a second's worth, on the caller's clock: the rate
 * limit RFC 4443 section 2.4 (f) asks of ICMPv6 errors, and one on echo replies so that a flood of requests
 * cannot make the appliance send as much as it receives. No allocation, no synchronisation: one per core.
 */
final class TokenBucket {
    private final long perSecond;
    private long tokens;
    private long refilledAt;
    private boolean started;

    TokenBucket(long perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    /** Takes a token if there is one at {@code now}; false when the limit is reached. */
    boolean take(long now) {
        if (!started) {
            started = true;
            refilledAt = now;
        }
        long elapsed = now - refilledAt;
        if (elapsed > 0 && perSecond > 0) {
            long added = elapsed >= 1_000_000_000L ? perSecond : elapsed * perSecond / 1_000_000_000L;
            if (added > 0) {
                tokens = Math.min(perSecond, tokens + added);
                // Only the time that bought whole tokens is used up, so slow trickles of time still add up.
                refilledAt = added == perSecond ? now : refilledAt + added * 1_000_000_000L / perSecond;
            }
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }
}
