package dev.lightpath.net;

/**
 * Sends upper-layer packets over IPv6 from the interface's address: fills the TCP or UDP checksum over the IPv6
 * pseudo-header, prepends the IPv6 and Ethernet headers in the mbuf's headroom and resolves the next hop by
 * Neighbour Discovery. One per core; only its core calls it. An {@link Ipv4Output} that also implements this
 * interface speaks both families.
 */
public interface Ipv6Output {
    /** Bytes of headroom an mbuf must keep in front of the upper-layer header for {@link #send6}. */
    int HEADROOM6 = 14 + 4 + 40;

    /**
     * @param mbuf data starting at the upper-layer header, complete except for the TCP or UDP checksum field.
     *             Ownership passes to the output in every case.
     * @return false when the packet was dropped (no IPv6 address, or not yet usable; no route; neighbour queue
     *         full): counted by the output; the caller treats it as loss
     */
    boolean send6(long mbuf, long destinationHigh, long destinationLow, int protocol);

    /**
     * As {@link #send6(long, long, long, int)}, from {@code sourceHigh:sourceLow}: the interface's address or one of
     * the client pool it holds ({@link NetStack#holdAlso6}); another source is dropped and counted as no route.
     */
    boolean send6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int protocol);

    /**
     * True once the interface's IPv6 address may be used: it has passed duplicate address detection. Until then
     * (about a second after start) {@link #send6} drops what it is given, so a client waits before opening.
     */
    boolean usable6();

    /** The interface's IPv6 address, first 64 bits; with {@link #addressLow6()} zero when it has none. */
    long addressHigh6();

    long addressLow6();
}
