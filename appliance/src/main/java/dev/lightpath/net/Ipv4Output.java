package dev.lightpath.net;

/**
 * Sends L4 packets: prepends the IPv4 and Ethernet headers in the mbuf's headroom, fills the L4 checksum
 * (in software, or by asking the port to), resolves the next hop by ARP and queues the frame for transmit.
 * One per core; only its core calls it.
 */
public interface Ipv4Output {
    /** Bytes of headroom an mbuf must keep in front of the L4 header for {@link #send}. */
    int HEADROOM = 14 + 4 + 20;

    /**
     * @param mbuf data starting at the L4 header, complete except for its checksum field, which is filled here
     *             for TCP and UDP. Ownership passes to the output in every case.
     * @return false when the packet was dropped (next hop unresolved and its queue full, transmit queue full):
     *         counted by the output; the caller treats it as loss.
     */
    boolean send(long mbuf, int source, int destination, int protocol);
}
