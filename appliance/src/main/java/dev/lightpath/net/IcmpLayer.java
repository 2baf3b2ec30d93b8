package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.IcmpPacket;
import dev.lightpath.wire.Ipv4Packet;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.net.NetStack.ATOMIC_DATAGRAM_ID;

/**
 * One core's ICMP for IPv4, below {@link NetStack}: echo requests turned around in their own mbufs, a router's
 * "fragmentation needed" handed to the transport it is about, and the destination-unreachable messages the stack
 * sends, rate-limited. The frame being processed is {@link NetStack}'s, wrapped in the flyweights it shares here.
 * None of this is on a TCP segment's path.
 */
final class IcmpLayer {
    private final NetStack stack;
    private final InterfaceConfig config;
    private final NetSettings settings;
    private final PacketPool pool;
    private final NetCounters counters;
    private final ArpCache arp;
    private final Ipv4Handler[] handlers;
    private final EthernetFrame ethernet;
    private final Ipv4Packet ip;
    private final IcmpPacket icmp = new IcmpPacket();
    private long unreachableTokens;
    private long unreachableRefilledAt;
    private long now;

    IcmpLayer(NetStack stack, InterfaceConfig config, NetSettings settings, PacketPool pool, NetCounters counters,
              ArpCache arp, Ipv4Handler[] handlers, EthernetFrame ethernet, Ipv4Packet ip) {
        this.stack = stack;
        this.config = config;
        this.settings = settings;
        this.pool = pool;
        this.counters = counters;
        this.arp = arp;
        this.handlers = handlers;
        this.ethernet = ethernet;
        this.ip = ip;
        this.unreachableTokens = settings.unreachablePerSecond();
    }

    /** The duty cycle's time, as {@link NetStack} has it. */
    void timeIs(long nowNanos) {
        now = nowNanos;
    }

    private boolean ours(int address) {
        return stack.ours(address);
    }

    private void queue(long mbuf) {
        stack.queue(mbuf);
    }

    void receiveIcmp(long mbuf) {
        if (!icmp.wrap(ip.payload(), ip.payloadLength()) || !icmp.checksumValid()) {
            counters.dropIcmpMalformed++;
            pool.free(mbuf);
            return;
        }
        if (icmp.type() == IcmpPacket.DESTINATION_UNREACHABLE && icmp.code() == IcmpPacket.CODE_FRAGMENTATION_NEEDED) {
            fragmentationNeeded();
            pool.free(mbuf);
            return;
        }
        if (icmp.type() != IcmpPacket.ECHO_REQUEST || icmp.code() != 0) {
            pool.free(mbuf);
            return;
        }
        counters.icmpEchoRequestsIn++;
        // Turn the request around in its own mbuf: nothing is allocated or copied.
        long requester = ethernet.source();
        icmp.turnEchoRequestIntoReply();
        ip.swapAddresses();
        ip.ttl(Ipv4Packet.DEFAULT_TTL);
        EthernetFrame.write(Mbuf.data(mbuf), requester, config.mac(), config.vlanId(), EthernetFrame.TYPE_IPV4);
        Mbuf.length(mbuf, ethernet.headerLength() + ip.totalLength());
        arp.learn(ip.destination(), requester, now);
        counters.icmpEchoRepliesOut++;
        queue(mbuf);
    }

    /**
     * A router's "fragmentation needed" (RFC 1191): the datagram it quotes must be one of ours, its header whole and
     * followed by the 8 transport bytes ICMP always quotes; then the handler of its protocol decides (TCP checks the
     * connection and the sequence number).
     */
    private void fragmentationNeeded() {
        long quoted = icmp.payloadAddress();
        int available = ip.payloadLength() - IcmpPacket.HEADER_LENGTH;
        int headerLength = QuotedPacket.ipv4HeaderLength(quoted, available);
        if (headerLength < 0 || !ours(getI32Be(quoted + 12))) {
            counters.dropIcmpMalformed++;
            return;
        }
        Ipv4Handler handler = handlers[getU8(quoted + 9)];
        if (handler != null) {
            handler.packetTooBig(quoted + headerLength, available - headerLength, getI32Be(quoted + 12),
                    getI32Be(quoted + 16), icmp.nextHopMtu());
        }
    }

    /** Destination unreachable for the datagram in {@link #ip}, sent back to the frame's sender, rate-limited. */
    void sendUnreachable(int code) {
        refillUnreachableTokens();
        if (unreachableTokens == 0) {
            counters.unreachableSuppressed++;
            return;
        }
        long reply = pool.allocate();
        if (reply == 0) {
            counters.unreachableSuppressed++;
            return;
        }
        unreachableTokens--;
        int quoted = Math.min(ip.headerLength() + QuotedPacket.UPPER_LAYER_BYTES, ip.totalLength());
        long frame = Mbuf.data(reply);
        int l2 = EthernetFrame.write(frame, ethernet.source(), config.mac(), config.vlanId(), EthernetFrame.TYPE_IPV4);
        int icmpLength = IcmpPacket.writeUnreachable(frame + l2 + Ipv4Packet.MIN_HEADER_LENGTH, code,
                ethernet.payload(), quoted);
        Ipv4Packet.write(frame + l2, config.address(), ip.source(), Ipv4Packet.PROTOCOL_ICMP, icmpLength,
                ATOMIC_DATAGRAM_ID, Ipv4Packet.DEFAULT_TTL);
        Mbuf.length(reply, l2 + Ipv4Packet.MIN_HEADER_LENGTH + icmpLength);
        counters.unreachableSent++;
        queue(reply);
    }

    private void refillUnreachableTokens() {
        long elapsed = now - unreachableRefilledAt;
        long perSecond = settings.unreachablePerSecond();
        if (elapsed >= 1_000_000_000L / Math.max(1, perSecond)) {
            long added = elapsed * perSecond / 1_000_000_000L;
            unreachableTokens = Math.min(perSecond, unreachableTokens + added);
            unreachableRefilledAt = now;
        }
    }
}
