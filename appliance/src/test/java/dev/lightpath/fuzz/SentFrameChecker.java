package dev.lightpath.fuzz;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.TcpHeader;

/**
 * What the stack sends, whatever it was fed: every frame fits the link's MTU, every IPv4 header and every
 * TCP, UDP, ICMP and ICMPv6 checksum verifies, no TCP segment carries more than the MSS, and one input frame (or one
 * step of time) draws a bounded number of frames, so no input turns the appliance into an amplifier or
 * sets off an ACK war. Throws {@link AssertionError} naming what is wrong.
 */
final class SentFrameChecker {
    private final int mtu;
    private final int mss;
    private final int maxFramesPerStep;
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private int framesThisStep;

    SentFrameChecker(int mtu, int mss, int maxFramesPerStep) {
        this.mtu = mtu;
        this.mss = mss;
        this.maxFramesPerStep = maxFramesPerStep;
    }

    /**
     * An IPv6 packet: a header that parses, then ICMPv6, TCP or UDP right after it (this host sends no extension
     * headers), whose checksum verifies over the IPv6 pseudo-header; ICMPv6 errors within the minimum MTU, TCP
     * segments within the MSS less the 20 bytes IPv6's header takes beyond IPv4's.
     */
    private void checkIpv6() {
        if (ip6.wrap(ethernet.payload(), ethernet.payloadLength()) != Ipv6Packet.OK) {
            throw new AssertionError("sent an IPv6 header that does not parse");
        }
        int next = ip6.nextHeader();
        if (next != Ipv6Packet.NEXT_HEADER_ICMPV6 && next != Ipv6Packet.NEXT_HEADER_TCP
                && next != Ipv6Packet.NEXT_HEADER_UDP) {
            throw new AssertionError("sent IPv6 next header " + next + ", not ICMPv6, TCP or UDP");
        }
        int length = ip6.payloadLength();
        long sum = Checksum.pseudoHeader6(ip6.sourceHigh(), ip6.sourceLow(), ip6.destinationHigh(), ip6.destinationLow(),
                next, length);
        if (length < Icmpv6Packet.HEADER_LENGTH || Checksum.fold(Checksum.add(sum, ip6.payload(), length)) != 0xFFFF) {
            throw new AssertionError("sent an IPv6 next header " + next + " packet whose checksum does not verify");
        }
        if (next == Ipv6Packet.NEXT_HEADER_ICMPV6 && Icmpv6Packet.isError(NativeMemory.getU8(ip6.payload()))
                && ip6.totalLength() > 1280) {
            throw new AssertionError("sent an ICMPv6 error of " + ip6.totalLength() + " bytes, beyond the minimum MTU");
        }
        if (next == Ipv6Packet.NEXT_HEADER_TCP) {
            checkSegment(ip6.payload(), length, mss - 20);
        }
    }

    /** A new input frame or step of time begins: the count of frames it draws starts again. */
    void step() {
        framesThisStep = 0;
    }

    void check(long mbuf) {
        if (++framesThisStep > maxFramesPerStep) {
            throw new AssertionError("more than " + maxFramesPerStep + " frames sent for one input step");
        }
        long frame = Mbuf.data(mbuf);
        int length = Mbuf.dataLength(mbuf);
        if (!ethernet.wrap(frame, length)) {
            throw new AssertionError("sent a frame that is not Ethernet: " + length + " bytes");
        }
        if (ethernet.payloadLength() > mtu) {
            throw new AssertionError("sent " + ethernet.payloadLength() + " bytes over a " + mtu + "-byte MTU");
        }
        if (ethernet.etherType() == EthernetFrame.TYPE_IPV6) {
            checkIpv6();
            return;
        }
        if (ethernet.etherType() != EthernetFrame.TYPE_IPV4) {
            return;
        }
        if (ip.wrap(ethernet.payload(), ethernet.payloadLength()) != Ipv4Packet.OK || !ip.checksumValid()) {
            throw new AssertionError("sent an IPv4 header that does not verify");
        }
        int protocol = ip.protocol();
        long l4 = ip.payload();
        int l4Length = ip.payloadLength();
        long sum = Checksum.add(0, l4, l4Length);
        if (protocol == Ipv4Packet.PROTOCOL_TCP || protocol == Ipv4Packet.PROTOCOL_UDP) {
            sum = Checksum.add(Checksum.pseudoHeader(ip.source(), ip.destination(), protocol, l4Length), l4, l4Length);
        }
        if (Checksum.fold(sum) != 0xFFFF) {
            throw new AssertionError("sent a protocol " + protocol + " packet whose checksum does not verify");
        }
        if (protocol == Ipv4Packet.PROTOCOL_TCP) {
            checkSegment(l4, l4Length, mss);
        }
    }

    private static void checkSegment(long l4, int l4Length, int mss) {
        int header = TcpHeader.check(l4, l4Length);
        if (header < 0) {
            throw new AssertionError("sent a malformed TCP header");
        }
        if (l4Length - header > mss) {
            throw new AssertionError("sent a TCP segment of " + (l4Length - header) + " bytes above the MSS " + mss);
        }
    }
}
