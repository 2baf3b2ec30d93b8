package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;

/**
 * An Ethernet port: bursts of frames in and out, per queue. A DPDK ethdev in production; an in-memory port in
 * tests ({@link MemoryPort}). Each queue is used by exactly one core.
 */
public interface PacketPort extends AutoCloseable {
    String name();

    /** The port's MAC address in the low 48 bits, first octet most significant. */
    long macAddress();

    int rxQueues();

    int txQueues();

    /** Replaces the burst's contents with up to {@code burst.capacity()} received frames; returns how many. */
    int receive(int queue, MbufBurst burst);

    /**
     * Hands the burst's frames to the port, from the front. Those accepted leave the burst (the port owns them
     * now); those refused (queue full) stay at its front for the caller to retry or free. Returns how many left.
     */
    int transmit(int queue, MbufBurst burst);

    /**
     * Called when a cycle has nothing to transmit: a port that may hold frames it accepted without sending them yet
     * gets them sent (af_packet's ring, see {@code Port.flushTransmit}). Returns 1 while some may still wait, so
     * that the worker does not idle, else 0.
     */
    default int flushTransmit(int queue) {
        return 0;
    }

    /** True when received mbufs carry the port's RSS hash ({@code RX_RSS_HASH}) and queues are spread by it. */
    boolean rssInHardware();

    /** True when the port computes IPv4 header checksums on transmit when asked through the mbuf's flags. */
    boolean ipv4ChecksumOffload();

    /** True when the port computes TCP checksums on transmit when asked through the mbuf's flags. */
    boolean tcpChecksumOffload();

    /** True when the port checks receive checksums and reports them in the mbuf's flags. */
    boolean rxChecksumOffload();

    /**
     * True when the port cuts a TCP packet flagged {@code TX_TCP_SEG} into segments itself (TSO), filling in each
     * one's checksum; it then also takes chained packets.
     */
    default boolean tcpSegmentationOffload() {
        return false;
    }

    int mtu();

    @Override
    void close();
}
