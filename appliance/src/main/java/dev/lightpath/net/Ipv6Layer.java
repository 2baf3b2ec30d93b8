package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.Ipv6ExtensionHeaders;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.NeighbourMessage;

/**
 * One core's IPv6: the frames {@link NetStack} hands it by EtherType 0x86DD, taken through the fixed header, the
 * extension headers and ICMPv6 (Neighbour Discovery here; echo, Packet Too Big and the errors RFC 8200 and RFC
 * 4443 ask for in {@link Icmpv6Layer}), and the sending side, which resolves next hops through the
 * {@link NeighbourCache}. The interface's address goes through duplicate address detection (RFC 4862 section 5.4)
 * before it is used.
 *
 * <p>Fragments are dropped and counted ({@code net.ipv6.drop.fragment}), as IPv4's are, rather than reassembled.
 * Nothing this host sends is fragmented: TCP's MSS keeps segments within the path MTU, and IPv6 routers never
 * fragment, so a fragment reaching the appliance is a peer's oversized UDP or ICMP, or an attack. Reassembly would
 * need buffers and timers on every core, the overlap rules of RFC 5722, and steering that brings every piece of a
 * datagram to one core although only the first carries ports. An atomic fragment (offset 0, no more to come:
 * RFC 6946) is not a piece of anything, and is processed as a whole packet.
 *
 * <p>On several cores each core does its own duplicate address detection and keeps its own neighbour cache; flow
 * steering copies solicitations and advertisements to every core as it does ARP frames, and only the core that
 * received a solicitation answers it.
 */
final class Ipv6Layer {
    /** Hop limit of every Neighbour Discovery message, and the only one accepted (RFC 4861 section 7.1). */
    static final int ND_HOP_LIMIT = 255;
    private static final long ALL_NODES_MAC = Ipv6Address.multicastMac(Ipv6Address.ALL_NODES_LOW);

    private final long mac;
    private final int vlanId;
    private final Ipv6Config config;
    /** The port fills in TCP checksums: IPv6's too ({@link Ipv6TransportChecksums#fillOrOffload}). */
    private final boolean offloadTcpChecksum;
    private final long ourHigh;
    private final long ourLow;
    private final long solicitedNodeLow;
    private final long solicitedNodeMac;
    private final PacketPool pool;
    private final Ipv6Counters counters;
    private final FrameQueue queue;
    private final NeighbourCache neighbours;
    private final Ipv6Packet ip = new Ipv6Packet();
    private final Ipv6ExtensionHeaders extensions = new Ipv6ExtensionHeaders();
    private final Icmpv6Packet icmp = new Icmpv6Packet();
    private final NeighbourMessage neighbour = new NeighbourMessage();
    /** ICMPv6 but Neighbour Discovery: echo, Packet Too Big, and the errors this layer sends. */
    private final Icmpv6Layer icmpv6;
    /** The upper layers registered through {@link NetStack#register}, by next header; the rest are refused. */
    private final Ipv6Handler[] handlers = new Ipv6Handler[256];

    private final DuplicateAddressDetection dad;
    /** Addresses held besides the interface's own (a load generator's client pool): advertised, taken, sent from. */
    private Ipv6AddressPool alsoHeld = Ipv6AddressPool.NONE;
    private final NeighbourFrames frames;
    private long now;

    Ipv6Layer(long mac, int vlanId, Ipv6Config config, NetSettings settings, PacketPool pool, Ipv6Counters counters,
              FrameQueue queue, boolean offloadTcpChecksum) {
        this.offloadTcpChecksum = offloadTcpChecksum;
        this.mac = mac;
        this.vlanId = vlanId;
        this.config = config;
        this.dad = new DuplicateAddressDetection(config.toString());
        this.ourHigh = config.addressHigh();
        this.ourLow = config.addressLow();
        this.solicitedNodeLow = Ipv6Address.solicitedNodeLow(ourLow);
        this.solicitedNodeMac = Ipv6Address.multicastMac(solicitedNodeLow);
        this.pool = pool;
        this.counters = counters;
        this.queue = queue;
        this.icmpv6 = new Icmpv6Layer(this, mac, vlanId, ourHigh, ourLow, settings, pool, counters, dad, handlers, ip,
                icmp);
        this.frames = new NeighbourFrames(mac, vlanId, config, pool, counters, this::transmit);
        this.neighbours = new NeighbourCache(settings.arpCacheSize(), settings.arpWaitingPackets(), frames::solicit,
                new ArpCache.ParkedSink() {
                    @Override
                    public void resolved(long mbuf, long neighbourMac) {
                        frameAndQueue(mbuf, neighbourMac);
                    }

                    @Override
                    public void unresolved(long mbuf) {
                        Ipv6Layer.this.counters.dropNeighbourTimeout++;
                        Ipv6Layer.this.pool.free(mbuf);
                    }
                });
    }

    void register(int nextHeader, Ipv6Handler handler) {
        handlers[nextHeader] = handler;
    }

    /** True for the multicast MACs this interface listens on: all nodes, and its addresses' solicited-node groups. */
    boolean listensOn(long destinationMac) {
        return destinationMac == ALL_NODES_MAC || destinationMac == solicitedNodeMac
                || (destinationMac & ~0xFF_FFFFL) == (solicitedNodeMac & ~0xFF_FFFFL)
                && alsoHeld.inSolicitedNodeGroup((int) (destinationMac & 0xFF_FFFFL));
    }

    /**
     * Also holds the addresses of {@code addresses} on the link: before the first frame. They need no duplicate address
     * detection of their own (they are the run's to give out), and serve once the interface's address is usable.
     */
    void holdAlso(Ipv6AddressPool addresses) {
        this.alsoHeld = addresses;
    }

    boolean ours(long high, long low) {
        return high == ourHigh && low == ourLow || alsoHeld.contains(high, low);
    }

    /** The address's state in duplicate address detection ({@link DuplicateAddressDetection#PREFERRED} ...). */
    int addressState() {
        return dad.state();
    }

    NeighbourCache neighbours() {
        return neighbours;
    }

    // ---------------------------------------------------------------- receive

    /**
     * Takes one frame whose EtherType is IPv6; the mbuf leaves here exactly once (answered in place, or freed).
     *
     * @param ethernet the frame, wrapped
     */
    void receive(long mbuf, EthernetFrame ethernet, long nowNanos) {
        now = nowNanos;
        icmpv6.timeIs(nowNanos);
        counters.rxPackets++;
        if (ip.wrap(ethernet.payload(), ethernet.payloadLength()) != Ipv6Packet.OK
                || Ipv6Address.isMulticast(ip.sourceHigh())) {
            counters.dropHeader++;
            pool.free(mbuf);
            return;
        }
        long destinationHigh = ip.destinationHigh();
        long destinationLow = ip.destinationLow();
        boolean unicast = ours(destinationHigh, destinationLow);
        boolean multicast = (destinationHigh == Ipv6Address.ALL_NODES_HIGH && destinationLow == Ipv6Address.ALL_NODES_LOW)
                || (destinationHigh == Ipv6Address.SOLICITED_NODE_HIGH && (destinationLow == solicitedNodeLow
                || Ipv6Address.isSolicitedNode(destinationHigh, destinationLow)
                && alsoHeld.inSolicitedNodeGroup((int) (destinationLow & 0xFF_FFFFL))));
        if (!unicast && !multicast) {
            counters.dropNotForUs++;
            pool.free(mbuf);
            return;
        }
        int upper = extensions.walk(ip.address(), ip.totalLength(), ip.nextHeader());
        if (upper < 0) {
            refuse(mbuf, upper, ethernet, unicast);
            return;
        }
        int protocol = extensions.protocol();
        if (protocol == Ipv6Packet.NEXT_HEADER_ICMPV6) {
            receiveIcmp(mbuf, ethernet, upper, unicast);
            return;
        }
        if (!dad.preferred()) {
            counters.dropTentative++;
        } else if (protocol == Ipv6Packet.NEXT_HEADER_NONE) {
            counters.dropUnknownNextHeader++;
        } else if (handlers[protocol] != null) {
            if (unicast) {
                deliver(mbuf, handlers[protocol], upper, protocol);
                return;
            }
            counters.dropNotForUs++; // TCP and UDP to a group: this host joins none but Neighbour Discovery's
        } else {
            // A next header nobody registered for is one this host does not recognise (RFC 8200 section 4).
            counters.dropUnknownNextHeader++;
            if (unicast) {
                icmpv6.sendError(ethernet, Icmpv6Packet.PARAMETER_PROBLEM,
                        Ipv6ExtensionHeaders.CODE_UNRECOGNISED_NEXT_HEADER, extensions.nextHeaderField());
            }
        }
        pool.free(mbuf);
    }

    /**
     * Hands a TCP or UDP packet to its handler once its checksum verifies over the IPv6 pseudo-header (by the port
     * when it vouched for it, else here), trimmed to the upper-layer header. UDP's checksum is mandatory over IPv6
     * (RFC 8200 section 8.1): a zero is not "none", and such a datagram is dropped.
     */
    private void deliver(long mbuf, Ipv6Handler handler, int offset, int protocol) {
        long l4 = ip.address() + offset;
        int length = ip.totalLength() - offset;
        long flags = Mbuf.offloadFlags(mbuf);
        if (Mbuf.l4ChecksumBad(flags) || (!Mbuf.l4ChecksumVouched(flags) && !Ipv6TransportChecksums.valid(l4, length, protocol,
                ip.sourceHigh(), ip.sourceLow(), ip.destinationHigh(), ip.destinationLow()))) {
            counters.dropChecksum++;
            pool.free(mbuf);
            return;
        }
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        long destinationHigh = ip.destinationHigh();
        long destinationLow = ip.destinationLow();
        Mbuf.trimFront(mbuf, (int) (l4 - Mbuf.data(mbuf)));
        Mbuf.length(mbuf, length);
        counters.delivered++;
        handler.receive6(mbuf, sourceHigh, sourceLow, destinationHigh, destinationLow);
    }

    /** A walk that failed: drop and count, answering where RFC 8200 section 4 asks for a Parameter Problem. */
    private void refuse(long mbuf, int result, EthernetFrame ethernet, boolean unicast) {
        if (result == Ipv6ExtensionHeaders.FRAGMENT_PIECE) {
            counters.dropFragment++;
        } else {
            counters.dropExtensionHeaders++;
            boolean answer = result == Ipv6ExtensionHeaders.UNRECOGNISED_OPTION
                    || (unicast && (result == Ipv6ExtensionHeaders.PARAMETER_PROBLEM
                    || result == Ipv6ExtensionHeaders.UNRECOGNISED_OPTION_UNLESS_MULTICAST));
            if (answer && dad.preferred()) {
                icmpv6.sendError(ethernet, Icmpv6Packet.PARAMETER_PROBLEM, extensions.problemCode(),
                        extensions.pointer());
            }
        }
        pool.free(mbuf);
    }

    private void receiveIcmp(long mbuf, EthernetFrame ethernet, int offset, boolean unicast) {
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        long message = ip.address() + offset;
        int length = ip.totalLength() - offset;
        if (!icmp.wrap(message, length)
                || !icmp.checksumValid(sourceHigh, sourceLow, ip.destinationHigh(), ip.destinationLow())) {
            counters.dropIcmpMalformed++;
            pool.free(mbuf);
            return;
        }
        switch (icmp.type()) {
            case Icmpv6Packet.NEIGHBOUR_SOLICITATION -> receiveSolicitation(mbuf, ethernet, message, length, unicast);
            case Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT -> receiveAdvertisement(mbuf, message, length, unicast);
            case Icmpv6Packet.ECHO_REQUEST -> icmpv6.receiveEchoRequest(mbuf, ethernet, offset, unicast);
            case Icmpv6Packet.PACKET_TOO_BIG -> {
                if (unicast) {
                    icmpv6.packetTooBig(length);
                }
                pool.free(mbuf);
            }
            default -> pool.free(mbuf); // other errors and messages a host does not answer
        }
    }

    /** RFC 4861 7.1.1 and 7.2.3, with RFC 4862 5.4.3 for solicitations of an address still tentative. */
    private void receiveSolicitation(long mbuf, EthernetFrame ethernet, long message, int length, boolean unicast) {
        counters.solicitationsIn++;
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        boolean fromUnspecified = Ipv6Address.isUnspecified(sourceHigh, sourceLow);
        if (ip.hopLimit() != ND_HOP_LIMIT || neighbour.wrap(message, length) != NeighbourMessage.OK
                || (fromUnspecified && (unicast || neighbour.sourceLinkLayer() != NeighbourMessage.NO_ADDRESS))) {
            counters.dropNdMalformed++;
            pool.free(mbuf);
            return;
        }
        long frameSource = ethernet.source();
        long targetHigh = neighbour.targetHigh();
        long targetLow = neighbour.targetLow();
        boolean interfaceAddress = targetHigh == ourHigh && targetLow == ourLow;
        // Our own probe looped back comes from the unspecified address; a solicitation from an address carrying our
        // MAC is a peer's (net_tap gives its kernel end the port's MAC).
        if (!ours(targetHigh, targetLow) || frameSource == mac && fromUnspecified
                || dad.state() == DuplicateAddressDetection.DUPLICATE) {
            // Not ours to answer, or our own solicitation looped back to us.
            pool.free(mbuf);
            return;
        }
        if (dad.state() == DuplicateAddressDetection.TENTATIVE) {
            if (fromUnspecified && interfaceAddress) {
                counters.dadDuplicates++;
                dad.duplicate(frameSource);
            }
            pool.free(mbuf);
            return;
        }
        long sourceMac = neighbour.sourceLinkLayer();
        if (!fromUnspecified && sourceMac != NeighbourMessage.NO_ADDRESS) {
            neighbours.solicitedBy(sourceHigh, sourceLow, sourceMac, now);
        }
        if (Mbuf.port(mbuf) == NetStack.LEARN_ONLY_PORT) {
            pool.free(mbuf); // a copy from the core that answers it: learned from, not answered twice
            return;
        }
        // Answer in the solicitation's own mbuf: to the asker, or to all nodes when it had no address yet.
        long toHigh = fromUnspecified ? Ipv6Address.ALL_NODES_HIGH : sourceHigh;
        long toLow = fromUnspecified ? Ipv6Address.ALL_NODES_LOW : sourceLow;
        long toMac = fromUnspecified ? ALL_NODES_MAC : sourceMac != NeighbourMessage.NO_ADDRESS ? sourceMac : frameSource;
        int flags = NeighbourMessage.FLAG_OVERRIDE | (fromUnspecified ? 0 : NeighbourMessage.FLAG_SOLICITED);
        frames.writeAdvertisement(mbuf, targetHigh, targetLow, toMac, toHigh, toLow, flags);
        transmit(mbuf);
    }

    /** RFC 4861 7.1.2 and 7.2.5; an advertisement of our own address is a duplicate or a conflict (RFC 4862 5.4.4). */
    private void receiveAdvertisement(long mbuf, long message, int length, boolean unicast) {
        counters.advertisementsIn++;
        if (ip.hopLimit() != ND_HOP_LIMIT || neighbour.wrap(message, length) != NeighbourMessage.OK
                || (!unicast && (neighbour.flags() & NeighbourMessage.FLAG_SOLICITED) != 0)) {
            counters.dropNdMalformed++;
            pool.free(mbuf);
            return;
        }
        long targetHigh = neighbour.targetHigh();
        long targetLow = neighbour.targetLow();
        long targetMac = neighbour.targetLinkLayer();
        if (targetHigh == ourHigh && targetLow == ourLow) {
            if (targetMac != mac) {
                if (dad.state() == DuplicateAddressDetection.TENTATIVE) {
                    counters.dadDuplicates++;
                    dad.duplicate(targetMac);
                } else {
                    counters.addressConflicts++;
                }
            }
        } else if (alsoHeld.contains(targetHigh, targetLow)) {
            if (targetMac != mac) {
                counters.addressConflicts++;
            }
        } else {
            int flags = neighbour.flags();
            neighbours.advertised(targetHigh, targetLow, targetMac, (flags & NeighbourMessage.FLAG_SOLICITED) != 0,
                    (flags & NeighbourMessage.FLAG_OVERRIDE) != 0, now);
        }
        pool.free(mbuf);
    }

    // ---------------------------------------------------------------- send

    /**
     * Sends an upper-layer packet from our address: fills the TCP or UDP checksum over the IPv6 pseudo-header,
     * prepends the IPv6 header in the mbuf's headroom, resolves the next hop (on the prefix, else the gateway) and
     * frames and queues it, or parks it until the neighbour answers.
     *
     * @param mbuf data starting at the upper-layer header, complete but for the TCP or UDP checksum field (other
     *             upper layers fill their own). Ownership passes here.
     * @return false when the packet was dropped (address not ours yet, no route, no headroom, queue full)
     */
    boolean send(long mbuf, long destinationHigh, long destinationLow, int nextHeader) {
        return send(mbuf, ourHigh, ourLow, destinationHigh, destinationLow, nextHeader);
    }

    /** As above, from {@code sourceHigh:sourceLow}, the interface's address or one of the pool it also holds. */
    boolean send(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                 int nextHeader) {
        // The whole chain: a packet the port cuts (TSO) may be longer than its first buffer.
        int length = Mbuf.packetLength(mbuf);
        if (!dad.preferred()) {
            counters.dropTentative++;
            pool.free(mbuf);
            return false;
        }
        if (!ours(sourceHigh, sourceLow)) {
            counters.dropNoRoute++;
            pool.free(mbuf);
            return false;
        }
        if (Ipv6TransportChecksums.fillOrOffload(mbuf, Mbuf.data(mbuf), length, nextHeader, sourceHigh, sourceLow,
                destinationHigh, destinationLow, offloadTcpChecksum, vlanId)) {
            counters.txChecksumByPort++;
        }
        long header = Mbuf.prepend(mbuf, Ipv6Packet.HEADER_LENGTH);
        if (header == 0 || Mbuf.dataOffset(mbuf) < EthernetFrame.headerLength(vlanId)) {
            counters.dropNoRoute++;
            pool.free(mbuf);
            return false;
        }
        Ipv6Packet.write(header, sourceHigh, sourceLow, destinationHigh, destinationLow, nextHeader, length,
                Ipv6Packet.DEFAULT_HOP_LIMIT);
        boolean onLink = config.onLink(destinationHigh, destinationLow);
        if (!onLink && !config.hasGateway()) {
            counters.dropNoRoute++;
            pool.free(mbuf);
            return false;
        }
        long hopHigh = onLink ? destinationHigh : config.gatewayHigh();
        long hopLow = onLink ? destinationLow : config.gatewayLow();
        long hopMac = neighbours.macFor(hopHigh, hopLow, now);
        if (hopMac != NeighbourCache.UNRESOLVED) {
            frameAndQueue(mbuf, hopMac);
            return true;
        }
        if (!neighbours.park(mbuf, hopHigh, hopLow)) {
            counters.dropNeighbourQueueFull++;
            pool.free(mbuf);
            return false;
        }
        return true;
    }

    private void frameAndQueue(long mbuf, long destinationMac) {
        long frame = Mbuf.prepend(mbuf, EthernetFrame.headerLength(vlanId));
        EthernetFrame.write(frame, destinationMac, mac, vlanId, EthernetFrame.TYPE_IPV6);
        transmit(mbuf);
    }

    void transmit(long mbuf) {
        counters.txPackets++;
        queue.queue(mbuf);
    }

    // ---------------------------------------------------------------- time

    /** The duty cycle's timers: duplicate address detection's and the neighbour cache's. Returns the work done. */
    int poll(long nowNanos) {
        now = nowNanos;
        icmpv6.timeIs(nowNanos);
        int work = 0;
        if (dad.poll(nowNanos)) {
            frames.sendDadSolicitation();
            work++;
        }
        return work + neighbours.poll(nowNanos);
    }

    /** The first time the clock is read: what was asked for before it is timed from now. */
    void clockStarts(long nowNanos) {
        neighbours.clockStarts(nowNanos);
    }

    /** Frees the packets waiting for neighbours: at shutdown. */
    void close() {
        neighbours.dropAll();
    }

    /** Where the frames this layer sends go: {@link NetStack}'s transmit queue. */
    @FunctionalInterface
    interface FrameQueue {
        void queue(long mbuf);
    }
}
