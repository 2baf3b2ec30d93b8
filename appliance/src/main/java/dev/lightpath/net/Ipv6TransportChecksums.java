package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.TcpHeader;

import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * The TCP and UDP checksums over IPv6, in software: over the IPv6 pseudo-header (RFC 8200 section 8.1), which holds
 * the 128-bit addresses and a 32-bit length where IPv4's has 32-bit addresses and a 16-bit one. UDP's checksum is
 * mandatory over IPv6: a zero received is not "none", and a computed zero goes out as its other form, all ones.
 * Where the port offers TCP checksum offload, a TCP packet's checksum is left to it, as IPv4's are.
 */
final class Ipv6TransportChecksums {
    private static final int TCP_FIELD = 16;
    private static final int UDP_FIELD = 6;

    private Ipv6TransportChecksums() {
    }

    /** Whether the TCP or UDP packet at {@code l4} verifies; a packet too short for its header never does. */
    static boolean valid(long l4, int length, int protocol, long sourceHigh, long sourceLow,
                         long destinationHigh, long destinationLow) {
        int minimum = protocol == Ipv6Packet.NEXT_HEADER_TCP ? 20 : protocol == Ipv6Packet.NEXT_HEADER_UDP ? 8 : 0;
        if (length < minimum || (protocol == Ipv6Packet.NEXT_HEADER_UDP && getU16Be(l4 + UDP_FIELD) == 0)) {
            return false;
        }
        long pseudo = Checksum.pseudoHeader6(sourceHigh, sourceLow, destinationHigh, destinationLow, protocol, length);
        return Checksum.fold(Checksum.add(pseudo, l4, length)) == 0xFFFF;
    }

    /**
     * Fills the checksum of the TCP or UDP packet at {@code l4} in {@code mbuf}, or leaves a TCP one to the port when
     * {@code offloadTcp}: the field then holds the pseudo-header sum, folded but not inverted (what DPDK's
     * rte_ipv6_phdr_cksum gives), and the mbuf says IPv6, TCP checksum and its header lengths. A packet the port cuts
     * (TSO) gets each segment's length summed in by the port, so its sum leaves the length out, as for IPv4.
     *
     * @return true when the port was asked
     */
    static boolean fillOrOffload(long mbuf, long l4, int length, int nextHeader, long sourceHigh, long sourceLow,
                                 long destinationHigh, long destinationLow, boolean offloadTcp, int vlanId) {
        if (!offloadTcp || nextHeader != Ipv6Packet.NEXT_HEADER_TCP || length < 20) {
            fill(l4, length, nextHeader, sourceHigh, sourceLow, destinationHigh, destinationLow);
            return false;
        }
        long flags = Mbuf.offloadFlags(mbuf);
        boolean segmented = (flags & Mbuf.TX_TCP_SEG) != 0;
        long pseudo = Checksum.pseudoHeader6(sourceHigh, sourceLow, destinationHigh, destinationLow, nextHeader,
                segmented ? 0 : length);
        putU16Be(l4 + TCP_FIELD, Checksum.fold(pseudo));
        Mbuf.offloadFlags(mbuf, flags | Mbuf.TX_IPV6 | Mbuf.TX_TCP_CKSUM);
        Mbuf.txHeaderLengths(mbuf, EthernetFrame.headerLength(vlanId), Ipv6Packet.HEADER_LENGTH,
                segmented ? TcpHeader.headerLength(l4) : 0);
        return true;
    }

    /** Fills the checksum field of the TCP or UDP packet at {@code l4}; other upper layers fill their own. */
    static void fill(long l4, int length, int nextHeader, long sourceHigh, long sourceLow,
                     long destinationHigh, long destinationLow) {
        int field;
        if (nextHeader == Ipv6Packet.NEXT_HEADER_TCP && length >= 20) {
            field = TCP_FIELD;
        } else if (nextHeader == Ipv6Packet.NEXT_HEADER_UDP && length >= 8) {
            field = UDP_FIELD;
        } else {
            return;
        }
        putU16Be(l4 + field, 0);
        long pseudo = Checksum.pseudoHeader6(sourceHigh, sourceLow, destinationHigh, destinationLow, nextHeader, length);
        int checksum = Checksum.finish(Checksum.add(pseudo, l4, length));
        if (checksum == 0 && nextHeader == Ipv6Packet.NEXT_HEADER_UDP) {
            checksum = 0xFFFF;
        }
        putU16Be(l4 + field, checksum);
    }
}
