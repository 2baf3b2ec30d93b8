package dev.lightpath.echo;

/** Limits of the echo services (RFC 862, TCP and UDP port 7); mutable fields set before the engine starts, defaults sane. */
public final class EchoSettings {
    /** A TCP echo connection on which nothing moves either way for this long is closed (0: never). */
    public long idleTimeoutNanos = 60_000_000_000L;
    /** UDP datagrams echoed per second to one source address (and as many at once); 0 for no limit. */
    public int udpRatePerSource = 100;
    /** Rate buckets per core for UDP sources (a power of two): sources whose keyed hash collides share one. */
    public int udpRateBuckets = 1024;
}
