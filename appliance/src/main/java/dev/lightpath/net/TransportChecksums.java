package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.TcpHeader;

import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * The TCP and UDP checksums of one core's IPv4 traffic: checked on receive and filled in on send, by the port where
 * it vouched for a packet or offered to fill them in, by software otherwise, each counted where the port did it.
 */
final class TransportChecksums {
    private final NetCounters counters;
    private final boolean offloadTcpChecksum;
    private final boolean offloadIpv4Checksum;
    private final int vlanId;

    TransportChecksums(NetCounters counters, boolean offloadTcpChecksum, boolean offloadIpv4Checksum, int vlanId) {
        this.counters = counters;
        this.offloadTcpChecksum = offloadTcpChecksum;
        this.offloadIpv4Checksum = offloadIpv4Checksum;
        this.vlanId = vlanId;
    }

    /**
     * Whether the TCP or UDP packet {@code ip} holds arrived intact: as the port says when it checked it (the
     * status bits in {@code flags}), else summed here.
     */
    boolean valid(Ipv4Packet ip, int protocol, long flags) {
        if (Mbuf.l4ChecksumBad(flags)) {
            return false;
        }
        if (Mbuf.l4ChecksumVouched(flags)) {
            counters.rxChecksumByPort++;
            return true;
        }
        int length = ip.payloadLength();
        if (protocol == Ipv4Packet.PROTOCOL_UDP && length >= 8
                && dev.lightpath.dpdk.NativeMemory.getU16Be(ip.payload() + 6) == 0) {
            return true; // UDP over IPv4 may omit its checksum
        }
        long sum = Checksum.pseudoHeader(ip.source(), ip.destination(), protocol, length);
        return Checksum.fold(Checksum.add(sum, ip.payload(), length)) == 0xFFFF;
    }

    /** Fills in the checksum of an outgoing TCP or UDP packet, or leaves it to the port when it offered to. */
    void fill(long mbuf, long l4, int l4Length, int source, int destination, int protocol) {
        int field;
        if (protocol == Ipv4Packet.PROTOCOL_TCP && l4Length >= 20) {
            field = 16;
        } else if (protocol == Ipv4Packet.PROTOCOL_UDP && l4Length >= 8) {
            field = 6;
        } else {
            return;
        }
        long flags = Mbuf.offloadFlags(mbuf);
        boolean segmented = (flags & Mbuf.TX_TCP_SEG) != 0;
        // A packet the port cuts (TSO) gets each segment's length summed in by the port: DPDK's convention is a
        // pseudo-header sum without the length.
        long pseudo = Checksum.pseudoHeader(source, destination, protocol, segmented ? 0 : l4Length);
        if (protocol == Ipv4Packet.PROTOCOL_TCP && offloadTcpChecksum) {
            // The port completes it: it wants the pseudo-header sum, folded but not inverted, in the field.
            putU16Be(l4 + field, Checksum.fold(pseudo));
            // Each segment cut from a TSO packet needs its own IPv4 length and header checksum: a port that offers
            // to sum the header is asked to (a NIC, or net_tap's software segmentation); virtio's back end does it
            // without being asked.
            long ipChecksum = segmented && offloadIpv4Checksum ? Mbuf.TX_IP_CKSUM : 0;
            Mbuf.offloadFlags(mbuf, flags | Mbuf.TX_IPV4 | Mbuf.TX_TCP_CKSUM | ipChecksum);
            Mbuf.txHeaderLengths(mbuf, EthernetFrame.headerLength(vlanId), Ipv4Packet.MIN_HEADER_LENGTH,
                    segmented ? TcpHeader.headerLength(l4) : 0);
            counters.txChecksumByPort++;
            return;
        }
        putU16Be(l4 + field, 0);
        int checksum = Checksum.finish(Checksum.add(pseudo, l4, l4Length));
        if (checksum == 0 && protocol == Ipv4Packet.PROTOCOL_UDP) {
            checksum = 0xFFFF; // zero means "no checksum" in UDP
        }
        putU16Be(l4 + field, checksum);
    }
}
