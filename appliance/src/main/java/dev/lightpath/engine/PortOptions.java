package dev.lightpath.engine;

/**
 * What the engine asks of its port beyond queues and memory.
 *
 * @param checksumOffload let the port check received IPv4/TCP/UDP checksums and fill in transmitted TCP ones
 *                        where it can ({@code port.checksum_offload}); off, every checksum is done in software,
 *                        which is what a port that offers nothing gets anyway
 * @param mtu             the largest IP packet on the link ({@code port.mtu}): the port is set to it, the stack's
 *                        mbufs are made big enough for a whole frame of it, and TCP's MSS follows from it
 * @param rxDataRoom      bytes of frame each receive buffer holds ({@code port.rx_data_room}); 0 for a whole frame
 *                        of the MTU. Smaller, the port fills receive buffers of this size from a pool of their own
 *                        and delivers longer frames chained (scattered receive), which the stack copies into one
 *                        of its own buffers
 * @param tso             whether TCP leaves segmentation to the port ({@code port.tso})
 */
public record PortOptions(boolean checksumOffload, int mtu, int rxDataRoom, Tso tso) {
    public static final int DEFAULT_MTU = 1500;
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 9600;
    /** The smallest receive buffer: a frame's Ethernet, IPv4 and longest TCP header fit the first segment. */
    public static final int MIN_RX_DATA_ROOM = 256;
    public static final PortOptions DEFAULTS = new PortOptions(true, DEFAULT_MTU);

    public PortOptions {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("an MTU of " + mtu + " is outside " + MIN_MTU + ".." + MAX_MTU
                    + " [port.mtu]");
        }
        if (rxDataRoom != 0 && (rxDataRoom < MIN_RX_DATA_ROOM || rxDataRoom > 65535 - 128)) {
            throw new IllegalArgumentException("a receive buffer of " + rxDataRoom + " bytes is outside "
                    + MIN_RX_DATA_ROOM + "..65407 [port.rx_data_room]");
        }
        if (tso == null) {
            tso = Tso.AUTO;
        }
    }

    /** Whole-frame receive buffers, TSO where offered. */
    public PortOptions(boolean checksumOffload, int mtu) {
        this(checksumOffload, mtu, 0, Tso.AUTO);
    }

    /** True when frames of the MTU can be longer than a receive buffer, so the port must chain them. */
    public boolean scatteredReceive() {
        return rxDataRoom != 0 && rxDataRoom < frameRoom();
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
