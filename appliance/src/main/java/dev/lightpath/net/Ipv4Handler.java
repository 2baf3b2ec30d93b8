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
}
