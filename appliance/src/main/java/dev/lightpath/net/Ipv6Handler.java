package dev.lightpath.net;

/**
 * Receives the IPv6 packets addressed to this host for one upper-layer protocol (TCP, UDP), after the IPv6 layer
 * has checked them: fixed header and extension headers walked, not a piece of a fragmented datagram, the TCP or UDP
 * checksum valid over the IPv6 pseudo-header, for our unicast address (which has passed duplicate address detection)
 * or one of the client pool it holds ({@link NetStack#holdAlso6}).
 * An {@link Ipv4Handler} that also implements this interface is registered for both families by
 * {@link NetStack#register}.
 */
public interface Ipv6Handler {
    /**
     * @param mbuf the packet, its data trimmed to start at the upper-layer header and to end where the IPv6 payload
     *             ends (extension headers and Ethernet padding removed). The handler owns it from here.
     * @param sourceHigh the sender's address, its first 64 bits (network order, most significant first)
     * @param sourceLow  its last 64 bits
     * @param destinationHigh our address it was sent to, first 64 bits
     * @param destinationLow  last 64 bits
     */
    void receive6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow);

    /**
     * An ICMPv6 Packet Too Big (RFC 4443 section 3.2) about a packet of this protocol we sent from
     * {@code localHigh}:{@code localLow} to {@code remoteHigh}:{@code remoteLow}: the link it failed on carries at most
     * {@code mtu} bytes. Handlers that do not size what they send ignore it.
     *
     * @param quoted       the quoted packet's upper-layer header
     * @param quotedLength how many of its bytes the message holds
     */
    default void packetTooBig6(long quoted, int quotedLength, long localHigh, long localLow, long remoteHigh,
                               long remoteLow, int mtu) {
    }
}
