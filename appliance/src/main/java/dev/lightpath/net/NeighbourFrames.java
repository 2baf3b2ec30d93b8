package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.NeighbourMessage;

import static dev.lightpath.net.Ipv6Layer.ND_HOP_LIMIT;

/**
 * The Neighbour Discovery frames {@link Ipv6Layer} sends (RFC 4861 and RFC 4862), each written whole from the
 * interface's MAC and address: solicitations for a neighbour, duplicate address detection's probe, and
 * advertisements of our address. Reading what neighbours send stays in the layer.
 */
final class NeighbourFrames {
    private final long mac;
    private final int vlanId;
    /** Our address: the solicitations' source and duplicate address detection's target. */
    private final Ipv6Config address;
    private final PacketPool pool;
    private final Ipv6Counters counters;
    private final Ipv6Layer.FrameQueue sink;

    /** @param sink where a written frame goes: the layer's transmit, which counts it */
    NeighbourFrames(long mac, int vlanId, Ipv6Config address, PacketPool pool, Ipv6Counters counters,
                    Ipv6Layer.FrameQueue sink) {
        this.mac = mac;
        this.vlanId = vlanId;
        this.address = address;
        this.pool = pool;
        this.counters = counters;
        this.sink = sink;
    }

    private void transmit(long mbuf) {
        sink.queue(mbuf);
    }

    /** A solicitation for a neighbour: to its solicited-node group when {@code to} is multicast, else to its MAC. */
    void solicit(long targetHigh, long targetLow, long to) {
        sendSolicitation(targetHigh, targetLow, to, address.addressHigh(), address.addressLow(), mac);
    }

    /**
     * Duplicate address detection's probe: a solicitation for our own address to its solicited-node group, from the
     * unspecified address and so without our MAC in it (RFC 4862 section 5.4.2).
     */
    void sendDadSolicitation() {
        sendSolicitation(address.addressHigh(), address.addressLow(), NeighbourCache.MULTICAST, 0, 0,
                NeighbourMessage.NO_ADDRESS);
    }

    /** {@code sourceMac}: the source link-layer option's MAC, or {@link NeighbourMessage#NO_ADDRESS} for none. */
    private void sendSolicitation(long targetHigh, long targetLow, long to, long fromHigh, long fromLow,
                                  long sourceMac) {
        long mbuf = pool.allocate();
        if (mbuf == 0) {
            return;
        }
        long group = Ipv6Address.solicitedNodeLow(targetLow);
        boolean multicast = to == NeighbourCache.MULTICAST;
        long frame = Mbuf.data(mbuf);
        int l2 = EthernetFrame.write(frame, multicast ? Ipv6Address.multicastMac(group) : to, mac, vlanId,
                EthernetFrame.TYPE_IPV6);
        long message = frame + l2 + Ipv6Packet.HEADER_LENGTH;
        int length = NeighbourMessage.writeSolicitation(message, targetHigh, targetLow, sourceMac);
        Mbuf.length(mbuf, l2 + Icmpv6Packet.writeIpv6Header(frame + l2, length, fromHigh, fromLow,
                multicast ? Ipv6Address.SOLICITED_NODE_HIGH : targetHigh, multicast ? group : targetLow, ND_HOP_LIMIT));
        counters.solicitationsOut++;
        transmit(mbuf);
    }

    /**
     * Overwrites the mbuf with an advertisement of {@code target}, one of our addresses (the interface's or one held
     * besides it), from it to {@code toMac} and {@code toHigh:toLow}.
     */
    void writeAdvertisement(long mbuf, long targetHigh, long targetLow, long toMac, long toHigh, long toLow,
                            int flags) {
        long frame = Mbuf.data(mbuf);
        int l2 = EthernetFrame.write(frame, toMac, mac, vlanId, EthernetFrame.TYPE_IPV6);
        long message = frame + l2 + Ipv6Packet.HEADER_LENGTH;
        int length = NeighbourMessage.writeAdvertisement(message, flags, targetHigh, targetLow, mac);
        Mbuf.length(mbuf, l2 + Icmpv6Packet.writeIpv6Header(frame + l2, length, targetHigh, targetLow, toHigh, toLow,
                ND_HOP_LIMIT));
        counters.advertisementsOut++;
    }
}
