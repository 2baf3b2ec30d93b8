package dev.lightpath.engine;

/**
 * What the engine asks of its port beyond queues and memory.
 *
 * @param checksumOffload let the port check received IPv4/TCP/UDP checksums and fill in transmitted TCP ones
 *                        where it can ({@code port.checksum_offload}); off, every checksum is done in software,
 *                        which is what a port that offers nothing gets anyway
 * @param mtu             the largest IP packet on the link ({@code port.mtu}): the port is set to it, mbufs are
 *                        made big enough for a whole frame of it, and TCP's MSS follows from it
 */
public record PortOptions(boolean checksumOffload, int mtu) {
    public static final int DEFAULT_MTU = 1500;
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 9600;
    public static final PortOptions DEFAULTS = new PortOptions(true, DEFAULT_MTU);

    public PortOptions {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("an MTU of " + mtu + " is outside " + MIN_MTU + ".." + MAX_MTU
                    + " [port.mtu]");
        }
    }

    /** The largest TCP payload in one packet: the MTU less the IPv4 and TCP headers without options. */
    public int mss() {
        return mtu - 40;
    }

    /**
     * Bytes of mbuf data room that hold a whole frame of the MTU, so that no frame is ever chained: the packet,
     * its Ethernet header with a VLAN tag, and the most TCP options a segment of a full MSS may carry (the stack
     * caps its MSS by the room for the largest header).
     */
    public int frameRoom() {
        return mtu + 14 + 4 + 40 + 40;
    }
}
