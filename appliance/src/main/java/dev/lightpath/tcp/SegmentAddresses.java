package dev.lightpath.tcp;

/**
 * The addresses of a segment that matched no connection, in its family: what a listener needs to answer it without
 * a connection (a reset, a SYN cookie), to key its secrets, and to open a connection for it. Filled by
 * {@link TcpStack} only once the lookup has missed, so segments of established connections never touch it. One per
 * stack, reused for every such segment.
 */
final class SegmentAddresses {
    boolean ipv6;
    /** IPv4: the sender's address and ours, host order. */
    int source;
    int destination;
    /** IPv6: the sender's address and ours, two words each. */
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;

    void ipv4(int source, int destination) {
        this.ipv6 = false;
        this.source = source;
        this.destination = destination;
    }

    void ipv6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        this.ipv6 = true;
        this.sourceHigh = sourceHigh;
        this.sourceLow = sourceLow;
        this.destinationHigh = destinationHigh;
        this.destinationLow = destinationLow;
    }

    /** The key of the sender for the per-source limit: its address, or for IPv6 its /64 folded to 32 bits. */
    int sourceKey() {
        return ipv6 ? sourceKey6(sourceHigh) : source;
    }

    /**
     * An IPv6 sender counts by its /64: a host is handed a whole /64 and picks any address in it (RFC 8981), so a
     * limit per address would bound nothing. Folded to the 32 bits the per-source map keys on; a fold may meet an
     * IPv4 address or another /64's fold, which only shares a limit between them.
     */
    static int sourceKey6(long high) {
        return (int) (high ^ (high >>> 32));
    }
}
