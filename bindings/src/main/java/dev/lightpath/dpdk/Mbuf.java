package dev.lightpath.dpdk;

import static dev.lightpath.dpdk.NativeMemory.getI32;
import static dev.lightpath.dpdk.NativeMemory.getI64;
import static dev.lightpath.dpdk.NativeMemory.getU16;
import static dev.lightpath.dpdk.NativeMemory.putI32;
import static dev.lightpath.dpdk.NativeMemory.putI64;
import static dev.lightpath.dpdk.NativeMemory.putU16;

/**
 * The fields of {@code struct rte_mbuf} that Java touches, as static accessors over an mbuf's address.
 *
 * <p>An mbuf is a {@code long} (its address) everywhere in the engine, so a packet costs no object. The offsets
 * are those of DPDK 22.11 on x86-64; {@code MbufLayoutTest} compiles a C program against the installed DPDK and
 * fails, naming the field, if any of them moved. A packet may be a chain of segments linked by {@code next}
 * (a port with scattered receive fills several small buffers with one long frame; a TSO segment is built across
 * several): the head's {@code pkt_len} and {@code nb_segs} are the whole chain's, each segment's {@code data_len}
 * its own. Freeing the head frees the chain.
 */
public final class Mbuf {
    public static final int SIZE = 128;
    /** Default headroom DPDK reserves in front of the data ({@code RTE_PKTMBUF_HEADROOM}). */
    public static final int HEADROOM = 128;

    public static final long BUF_ADDR = 0;
    public static final long DATA_OFF = 16;
    public static final long REFCNT = 18;
    public static final long NB_SEGS = 20;
    public static final long PORT = 22;
    public static final long OL_FLAGS = 24;
    public static final long PACKET_TYPE = 32;
    public static final long PKT_LEN = 36;
    public static final long DATA_LEN = 40;
    public static final long VLAN_TCI = 42;
    public static final long HASH_RSS = 44;
    public static final long BUF_LEN = 54;
    public static final long POOL = 56;
    public static final long NEXT = 64;
    public static final long TX_OFFLOAD = 72;

    /** {@code ol_flags} bits (RTE_MBUF_F_*). */
    public static final long RX_VLAN = 1L;
    public static final long RX_RSS_HASH = 1L << 1;
    public static final long RX_L4_CKSUM_BAD = 1L << 3;
    public static final long RX_IP_CKSUM_BAD = 1L << 4;
    public static final long RX_VLAN_STRIPPED = 1L << 6;
    public static final long RX_IP_CKSUM_GOOD = 1L << 7;
    public static final long RX_L4_CKSUM_GOOD = 1L << 8;
    /**
     * Both bits of a checksum status: 0 is unknown (check in software), one bit alone bad or good, and both
     * "none": the checksum field is not filled in yet but the data is known intact, as from a virtio peer that
     * left the checksum to the device (VIRTIO_NET_HDR_F_NEEDS_CSUM). Testing the bad bit alone would drop those.
     */
    public static final long RX_IP_CKSUM_MASK = RX_IP_CKSUM_BAD | RX_IP_CKSUM_GOOD;
    public static final long RX_L4_CKSUM_MASK = RX_L4_CKSUM_BAD | RX_L4_CKSUM_GOOD;
    /** TCP segmentation offload: the port cuts the payload into segments of {@link #tsoSegmentSize} bytes. */
    public static final long TX_TCP_SEG = 1L << 50;
    public static final long TX_TCP_CKSUM = 1L << 52;
    public static final long TX_UDP_CKSUM = 3L << 52;
    public static final long TX_IP_CKSUM = 1L << 54;
    public static final long TX_IPV4 = 1L << 55;
    public static final long TX_IPV6 = 1L << 56;
    public static final long TX_VLAN = 1L << 57;

    private Mbuf() {
    }

    /** Address of the first byte of packet data. */
    public static long data(long mbuf) {
        return getI64(mbuf + BUF_ADDR) + getU16(mbuf + DATA_OFF);
    }

    public static int dataOffset(long mbuf) {
        return getU16(mbuf + DATA_OFF);
    }

    public static void dataOffset(long mbuf, int offset) {
        putU16(mbuf + DATA_OFF, offset);
    }

    public static int dataLength(long mbuf) {
        return getU16(mbuf + DATA_LEN);
    }

    public static int bufferLength(long mbuf) {
        return getU16(mbuf + BUF_LEN);
    }

    /** Room after the data, up to the end of the buffer. */
    public static int tailroom(long mbuf) {
        return bufferLength(mbuf) - dataOffset(mbuf) - dataLength(mbuf);
    }

    /** Sets the length of a single-segment packet (data_len and pkt_len agree). */
    public static void length(long mbuf, int length) {
        putU16(mbuf + DATA_LEN, length);
        putI32(mbuf + PKT_LEN, length);
    }

    public static int packetLength(long mbuf) {
        return getI32(mbuf + PKT_LEN);
    }

    /**
     * Removes {@code bytes} from the front of the data (as {@code rte_pktmbuf_adj}); returns the new data
     * address. The caller has checked that the packet is long enough.
     */
    public static long trimFront(long mbuf, int bytes) {
        int offset = dataOffset(mbuf) + bytes;
        putU16(mbuf + DATA_OFF, offset);
        grow(mbuf, -bytes);
        return getI64(mbuf + BUF_ADDR) + offset;
    }

    /**
     * Claims {@code bytes} in front of the data (as {@code rte_pktmbuf_prepend}); returns the new data address,
     * or 0 when the headroom is too small.
     */
    public static long prepend(long mbuf, int bytes) {
        int offset = dataOffset(mbuf) - bytes;
        if (offset < 0) {
            return 0;
        }
        putU16(mbuf + DATA_OFF, offset);
        grow(mbuf, bytes);
        return getI64(mbuf + BUF_ADDR) + offset;
    }

    /** The first segment's length and the whole packet's by {@code bytes}: what a chain's head needs. */
    private static void grow(long mbuf, int bytes) {
        putU16(mbuf + DATA_LEN, dataLength(mbuf) + bytes);
        putI32(mbuf + PKT_LEN, packetLength(mbuf) + bytes);
    }

    public static long offloadFlags(long mbuf) {
        return getI64(mbuf + OL_FLAGS);
    }

    public static void offloadFlags(long mbuf, long flags) {
        putI64(mbuf + OL_FLAGS, flags);
    }

    /** True when the port found the IPv4 header checksum wrong (not merely unchecked or not yet filled in). */
    public static boolean ipChecksumBad(long flags) {
        return (flags & RX_IP_CKSUM_MASK) == RX_IP_CKSUM_BAD;
    }

    /** True when the port vouches for the IPv4 header: its checksum good, or the data intact without one. */
    public static boolean ipChecksumVouched(long flags) {
        return (flags & RX_IP_CKSUM_GOOD) != 0;
    }

    /** True when the port found the TCP/UDP checksum wrong (not merely unchecked or not yet filled in). */
    public static boolean l4ChecksumBad(long flags) {
        return (flags & RX_L4_CKSUM_MASK) == RX_L4_CKSUM_BAD;
    }

    /** True when the port vouches for the TCP/UDP data: its checksum good, or intact with the field unfilled. */
    public static boolean l4ChecksumVouched(long flags) {
        return (flags & RX_L4_CKSUM_GOOD) != 0;
    }

    /** The RSS hash the port computed, valid when {@link #RX_RSS_HASH} is set in the offload flags. */
    public static int rssHash(long mbuf) {
        return getI32(mbuf + HASH_RSS);
    }

    public static void rssHash(long mbuf, int hash) {
        putI32(mbuf + HASH_RSS, hash);
    }

    public static int vlanTci(long mbuf) {
        return getU16(mbuf + VLAN_TCI);
    }

    public static void vlanTci(long mbuf, int tci) {
        putU16(mbuf + VLAN_TCI, tci);
    }

    public static int port(long mbuf) {
        return getU16(mbuf + PORT);
    }

    public static void port(long mbuf, int port) {
        putU16(mbuf + PORT, port);
    }

    /** Header lengths for checksum offload ({@code l2_len:7, l3_len:9, l4_len:8} of tx_offload). */
    public static void txHeaderLengths(long mbuf, int l2, int l3, int l4) {
        long rest = getI64(mbuf + TX_OFFLOAD) & ~0xFFFFFFL;
        putI64(mbuf + TX_OFFLOAD, rest | (l2 & 0x7FL) | ((l3 & 0x1FFL) << 7) | ((l4 & 0xFFL) << 16));
    }

    /** The payload bytes per segment the port cuts a {@link #TX_TCP_SEG} packet into ({@code tso_segsz:16}). */
    public static void tsoSegmentSize(long mbuf, int bytes) {
        long rest = getI64(mbuf + TX_OFFLOAD) & ~(0xFFFFL << 24);
        putI64(mbuf + TX_OFFLOAD, rest | ((bytes & 0xFFFFL) << 24));
    }

    public static int tsoSegmentSize(long mbuf) {
        return (int) ((getI64(mbuf + TX_OFFLOAD) >>> 24) & 0xFFFF);
    }

    public static long txOffload(long mbuf) {
        return getI64(mbuf + TX_OFFLOAD);
    }

    public static int refcnt(long mbuf) {
        return getU16(mbuf + REFCNT);
    }

    public static int segments(long mbuf) {
        return getU16(mbuf + NB_SEGS);
    }

    public static long next(long mbuf) {
        return getI64(mbuf + NEXT);
    }

    /** True when the packet has more than one segment. */
    public static boolean chained(long mbuf) {
        return getU16(mbuf + NB_SEGS) > 1;
    }

    /**
     * Appends the single segment {@code tail} (its data_len set) after {@code last}, the chain's last segment, and
     * accounts for it in the chain's head; returns {@code tail}, the new last segment.
     */
    public static long append(long head, long last, long tail) {
        putI64(last + NEXT, tail);
        putU16(head + NB_SEGS, getU16(head + NB_SEGS) + 1);
        putI32(head + PKT_LEN, getI32(head + PKT_LEN) + dataLength(tail));
        return tail;
    }

    /** Sets one segment's own length, leaving the chain's packet length alone. */
    public static void segmentLength(long mbuf, int length) {
        putU16(mbuf + DATA_LEN, length);
    }

    /** Sets the whole chain's length in its head, leaving the segments' own lengths alone. */
    public static void packetLength(long mbuf, int length) {
        putI32(mbuf + PKT_LEN, length);
    }

    public static long pool(long mbuf) {
        return getI64(mbuf + POOL);
    }
}
