package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.Ipv6Packet;

import static dev.lightpath.dpdk.NativeMemory.getI64Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;

/**
 * One core's ICMPv6 for IPv6, below {@link Ipv6Layer}, apart from Neighbour Discovery: echo requests answered in
 * their own mbufs, a router's Packet Too Big handed to the transport it is about, and the errors the layer sends
 * (RFC 4443), each rate-limited. The packet being processed is {@link Ipv6Layer}'s, wrapped in the flyweights it
 * shares here; Neighbour Discovery stays there, beside the neighbour cache and duplicate address detection it feeds.
 * None of this is on a TCP segment's path.
 */
final class Icmpv6Layer {
    private final Ipv6Layer layer;
    private final long mac;
    private final int vlanId;
    private final long ourHigh;
    private final long ourLow;
    private final PacketPool pool;
    private final Ipv6Counters counters;
    private final DuplicateAddressDetection dad;
    private final Ipv6Handler[] handlers;
    private final TokenBucket errors;
    private final TokenBucket echoes;
    private final Ipv6Packet ip;
    private final Icmpv6Packet icmp;
    private long now;

    Icmpv6Layer(Ipv6Layer layer, long mac, int vlanId, long ourHigh, long ourLow, NetSettings settings,
                PacketPool pool, Ipv6Counters counters, DuplicateAddressDetection dad, Ipv6Handler[] handlers,
                Ipv6Packet ip, Icmpv6Packet icmp) {
        this.layer = layer;
        this.mac = mac;
        this.vlanId = vlanId;
        this.ourHigh = ourHigh;
        this.ourLow = ourLow;
        this.pool = pool;
        this.counters = counters;
        this.dad = dad;
        this.handlers = handlers;
        this.errors = new TokenBucket(settings.unreachablePerSecond());
        this.echoes = new TokenBucket(settings.echoRepliesPerSecond());
        this.ip = ip;
        this.icmp = icmp;
    }

    /** The duty cycle's time, as {@link Ipv6Layer} has it. */
    void timeIs(long nowNanos) {
        now = nowNanos;
    }

    private boolean ours(long high, long low) {
        return layer.ours(high, low);
    }

    private void transmit(long mbuf) {
        layer.transmit(mbuf);
    }

    /**
     * A Packet Too Big (RFC 4443 section 3.2, acted on as RFC 8201 says): the packet it quotes must be one of ours,
     * its fixed header whole and followed by 8 bytes of the upper layer; then that layer's handler decides (TCP checks
     * the connection and the sequence number). What this host sends carries no extension headers, so the quoted
     * next header is the upper layer's; a quote with anything else there is not of ours.
     */
    void packetTooBig(int length) {
        long quoted = icmp.payloadAddress();
        int available = length - Icmpv6Packet.HEADER_LENGTH;
        long fromHigh = available >= Ipv6Packet.HEADER_LENGTH ? getI64Be(quoted + 8) : 0;
        long fromLow = available >= Ipv6Packet.HEADER_LENGTH ? getI64Be(quoted + 16) : 0;
        if (!QuotedPacket.ipv6From(quoted, available, fromHigh, fromLow) || !ours(fromHigh, fromLow)) {
            counters.dropIcmpMalformed++;
            return;
        }
        Ipv6Handler handler = handlers[getU8(quoted + 6)];
        if (handler != null) {
            handler.packetTooBig6(quoted + Ipv6Packet.HEADER_LENGTH, available - Ipv6Packet.HEADER_LENGTH, fromHigh,
                    fromLow, getI64Be(quoted + 24), getI64Be(quoted + 32),
                    (int) Math.min(icmp.mtu(), Integer.MAX_VALUE));
        }
    }

    void receiveEchoRequest(long mbuf, EthernetFrame ethernet, int offset, boolean unicast) {
        counters.echoRequestsIn++;
        if (!dad.preferred()) {
            counters.dropTentative++;
            pool.free(mbuf);
            return;
        }
        if (icmp.code() != 0) {
            counters.dropIcmpMalformed++;
            pool.free(mbuf);
            return;
        }
        if (!echoes.take(now)) {
            counters.echoSuppressed++;
            pool.free(mbuf);
            return;
        }
        long requester = ethernet.source();
        if (offset != Ipv6Packet.HEADER_LENGTH) {
            // Options, a used-up routing header or an atomic fragment header were the request's, not the reply's.
            ip.removeExtensionHeaders(offset, Ipv6Packet.NEXT_HEADER_ICMPV6);
            offset = Ipv6Packet.HEADER_LENGTH;
            icmp.wrap(ip.payload(), ip.payloadLength());
        }
        // To one of our addresses: answered from it. To a group: from the interface's.
        ip.replyFrom(unicast ? ip.destinationHigh() : ourHigh, unicast ? ip.destinationLow() : ourLow);
        ip.hopLimit(Ipv6Packet.DEFAULT_HOP_LIMIT);
        if (unicast) {
            // The pseudo-header sums the same with the addresses swapped: only the type's word changes.
            icmp.turnEchoRequestIntoReply();
        } else {
            // Sent to a group: the reply comes from our own address, so the pseudo-header changed too.
            dev.lightpath.dpdk.NativeMemory.putByte(ip.address() + offset, Icmpv6Packet.ECHO_REPLY);
            Icmpv6Packet.fillChecksum(ip.address() + offset, icmp.length(), ourHigh, ourLow, ip.destinationHigh(),
                    ip.destinationLow());
        }
        EthernetFrame.write(Mbuf.data(mbuf), requester, mac, vlanId, EthernetFrame.TYPE_IPV6);
        Mbuf.length(mbuf, ethernet.headerLength() + ip.totalLength());
        counters.echoRepliesOut++;
        transmit(mbuf);
    }

    /**
     * An ICMPv6 error about the packet in {@link #ip}, back to its sender's MAC, rate-limited; never about a packet
     * from the unspecified address (RFC 4443 section 2.4 (e)). The caller has ruled out the other cases.
     */
    void sendError(EthernetFrame ethernet, int type, int code, int parameter) {
        long toHigh = ip.sourceHigh();
        long toLow = ip.sourceLow();
        if (Ipv6Address.isUnspecified(toHigh, toLow)) {
            return;
        }
        if (!errors.take(now)) {
            counters.errorsSuppressed++;
            return;
        }
        long reply = pool.allocate();
        if (reply == 0) {
            counters.errorsSuppressed++;
            return;
        }
        long frame = Mbuf.data(reply);
        int l2 = EthernetFrame.write(frame, ethernet.source(), mac, vlanId, EthernetFrame.TYPE_IPV6);
        long message = frame + l2 + Ipv6Packet.HEADER_LENGTH;
        int length = Icmpv6Packet.writeError(message, type, code, parameter, ip.address(), ip.totalLength());
        Mbuf.length(reply, l2 + Icmpv6Packet.writeIpv6Header(frame + l2, length, ourHigh, ourLow, toHigh, toLow,
                Ipv6Packet.DEFAULT_HOP_LIMIT));
        counters.parameterProblemsSent++;
        transmit(reply);
    }
}
