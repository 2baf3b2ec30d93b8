package dev.lightpath.tcp;

import dev.lightpath.net.SipHash;

/**
 * Everything TCP derives from the stack's secret key, each under its own domain tag so that one output says
 * nothing about another: initial sequence numbers (RFC 6528), SYN cookie MACs, per-host timestamp offsets
 * (RFC 7323 section 7.1), and the start of the ephemeral port search. One per core; the key never leaves it.
 */
final class TcpSecrets {
    private static final long ISN = 1L;
    private static final long COOKIE = 2L;
    private static final long TIMESTAMP = 3L;
    private static final long EPHEMERAL = 4L;
    private static final long CHALLENGE_ACKS = 5L;
    private static final long IPV6_ADDRESSES = 6L;

    private final SipHash key;
    private final SipHash hostKey;

    TcpSecrets(SipHash key) {
        this(key, key);
    }

    /** @param hostKey the key of the timestamp offsets, which outlive the process ({@link SipHash#forThisBoot}) */
    TcpSecrets(SipHash key, SipHash hostKey) {
        this.key = key;
        this.hostKey = hostKey;
    }

    /**
     * RFC 6528: M + F(localip, localport, remoteip, remoteport, secretkey), M a clock ticking every 4 microseconds,
     * so a new incarnation of a 4-tuple starts above the old one's sequence space while nobody off the path can
     * guess where.
     */
    int initialSequence(int localAddress, int localPort, int remoteAddress, int remotePort, long nowNanos) {
        return initialSequence(addresses(localAddress, remoteAddress), localPort, remotePort, nowNanos);
    }

    /** @param addresses both addresses as one word: {@link #addresses} for IPv4, {@link #addresses6} for IPv6 */
    int initialSequence(long addresses, int localPort, int remotePort, long nowNanos) {
        return (int) key.hash(addresses, ports(localPort, remotePort) | ISN) + (int) (nowNanos / 4000);
    }

    /**
     * A SYN cookie's MAC: every field the cookie carries or the connection later trusts (the 4-tuple, the peer's
     * ISN, the time counter and the MSS index) is under it, so changing any one of them fails validation.
     */
    int cookieMac(long addresses, int remotePort, int localPort, int peerIsn, int time, int mssIndex) {
        long covered = (peerIsn & 0xFFFFFFFFL) << 32 | (long) (time & 0xFF) << 8 | (mssIndex & 0xFF);
        return (int) key.hash(addresses, ports(localPort, remotePort) | COOKIE, covered);
    }

    /**
     * RFC 7323 section 7.1: a random offset per pair of hosts hides our uptime from the timestamps. Per pair of
     * hosts rather than per connection (as Linux does), so that successive connections between the same hosts
     * still carry increasing timestamps, which RFC 6191's TIME-WAIT reuse relies on; under a key that outlives the
     * process, so that holds across restarts too, and on every core alike.
     */
    int timestampOffset(int localAddress, int remoteAddress) {
        return timestampOffset(addresses(localAddress, remoteAddress));
    }

    /** @param hostAddresses {@link #addresses} for IPv4, {@link #hostAddresses6} for IPv6 */
    int timestampOffset(long hostAddresses) {
        return (int) hostKey.hash(hostAddresses, TIMESTAMP);
    }

    /** Where the ephemeral port search starts: somewhere else each run, as Linux's does at random. */
    long ephemeralStart() {
        return key.hash(EPHEMERAL);
    }

    /** Seeds the draw of each second's challenge-ACK budget ({@link ChallengeAckLimiter}). */
    long challengeAckSeed() {
        return key.hash(CHALLENGE_ACKS);
    }

    /** Both IPv4 addresses in one word, as the functions above take them. */
    static long addresses(int local, int remote) {
        return (long) local << 32 | (remote & 0xFFFFFFFFL);
    }

    /**
     * Both IPv6 addresses, all 256 bits, in one word: their MAC under the key, so that the functions above cover
     * every bit of them (a truncation would let addresses that differ only in the rest share ISNs and cookies).
     */
    long addresses6(long localHigh, long localLow, long remoteHigh, long remoteLow) {
        return digest(key, localHigh, localLow, remoteHigh, remoteLow);
    }

    /** {@link #addresses6} under the key of the timestamp offsets. */
    long hostAddresses6(long localHigh, long localLow, long remoteHigh, long remoteLow) {
        return digest(hostKey, localHigh, localLow, remoteHigh, remoteLow);
    }

    private static long digest(SipHash under, long localHigh, long localLow, long remoteHigh, long remoteLow) {
        return under.hash(under.hash(localHigh, localLow, remoteHigh), remoteLow, IPV6_ADDRESSES);
    }

    /** Ports in the top 32 bits; the low byte is left for the domain tag. */
    private static long ports(int localPort, int remotePort) {
        return (long) (localPort & 0xFFFF) << 48 | (long) (remotePort & 0xFFFF) << 32;
    }
}
