package dev.lightpath.tcp;

import java.util.SplittableRandom;

/**
 * The per-core budget of RFC 5961 challenge ACKs. A fixed budget is a side channel (CVE-2016-5696): an off-path
 * attacker who exhausts it with its own connection and counts the challenge ACKs it gets back learns whether
 * its guesses at another connection's sequence numbers drew challenges too. As Linux does since that CVE, each
 * second's budget is drawn at random between half and one and a half times the configured rate, from a
 * generator seeded by the stack's secret, so the count reveals nothing.
 */
final class ChallengeAckLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final SplittableRandom random;
    private long windowStart = Long.MIN_VALUE;
    private int left;

    ChallengeAckLimiter(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * True when a challenge ACK may go out now (and takes it from this second's budget); {@code perSecond} is the
     * configured average, read at each call so that a running stack follows its configuration.
     */
    boolean tryAcquire(long nowNanos, int perSecond) {
        if (nowNanos - windowStart >= SECOND || windowStart == Long.MIN_VALUE) {
            windowStart = nowNanos;
            left = perSecond <= 0 ? 0 : (perSecond + 1) / 2 + random.nextInt(perSecond);
        }
        if (left > 0) {
            left--;
            return true;
        }
        return false;
    }
}
