package dev.lightpath.net;

/**
 * Receives the IPv4 packets addressed to this host for one protocol (TCP, UDP), after the IPv4 layer has
 * checked them: header and L4 checksum valid (in software or by the port), not a fragment, for one of our
 * addresses.
 */
@FunctionalInterface
public interface Ipv4Handler {
    /**
     * @param mbuf the packet, its data trimmed to start at the L4 header and to end at the IPv4 total length
     *             (Ethernet padding removed). The handler owns it from here: it frees it or keeps it.
     * @param source the sender's address, host order (first octet most significant)
     * @param destination our address it was sent to
     */
    void receive(long mbuf, int source, int destination);

    /**
     * A router's ICMP "fragmentation needed" (type 3 code 4) about a datagram of this protocol we sent: its next hop
     * carries at most {@code mtu} bytes. Handlers that do not size what they send ignore it.
     *
     * @param quoted       the quoted datagram's transport header (its first bytes: 8 at least, as ICMP quotes)
     * @param quotedLength how many of its bytes the message holds
     * @param localAddress  the quoted datagram's source: our address
     * @param remoteAddress its destination
     */
    default void packetTooBig(long quoted, int quotedLength, int localAddress, int remoteAddress, int mtu) {
    }
}
