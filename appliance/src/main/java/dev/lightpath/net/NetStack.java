package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.FrameProcessor;
import dev.lightpath.io.PacketPool;
import dev.lightpath.io.PacketPort;
import dev.lightpath.wire.ArpPacket;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.IcmpPacket;
import dev.lightpath.wire.Ipv4Packet;

import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * One core's link and network layers: takes received frames through Ethernet, ARP, IPv4 and ICMP, hands
 * transport packets to the handler registered for their protocol, and sends what the transports give it
 * ({@link Ipv4Output}), resolving next hops by ARP. IPv6 frames go to the {@link Ipv6Layer} when the interface has
 * an IPv6 address (its multicast MACs are accepted for it), and are dropped by EtherType when it has none.
 *
 * <p>Time is the duty cycle's: {@link #process} and {@link #poll} set it, and sends made during the cycle
 * (by the transports, from their callbacks) are stamped with it.
 *
 * <p>Every received mbuf leaves here exactly once: handed to a transport, turned around as a reply (ARP,
 * echo), parked waiting for ARP, or freed and counted. Malformed input is counted by reason, never thrown.
 */
public final class NetStack implements FrameProcessor, Ipv4Output, Ipv6Output {
    /**
     * The input-port value that marks a frame as a copy handed over by another core only so that this core
     * learns from it (an ARP frame another core already answered): it is learned from, never replied to.
     */
    public static final int LEARN_ONLY_PORT = 0xFFFE;

    /** Ethernet's minimum frame length before the FCS: shorter frames are padded. */
    private static final int MINIMUM_FRAME = 60;
    /**
     * The IPv4 ID of everything this stack originates. Every packet goes out with DF set and is never fragmented:
     * an atomic datagram, whose ID RFC 6864 (section 4.1) leaves free. A counter would tell any observer how many
     * packets this host sends to anyone (the idle scan, traffic counting), so the ID is a constant zero.
     */
    static final int ATOMIC_DATAGRAM_ID = 0;

    private final InterfaceConfig config;
    private final NetSettings settings;
    private final PacketPort port;
    private final int txQueue;
    private final PacketPool pool;
    private final NetCounters counters = new NetCounters();
    private final ArpCache arp;
    private final Ipv4Handler[] handlers = new Ipv4Handler[256];
    private final MbufBurst tx = new MbufBurst();
    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arpPacket = new ArpPacket();
    private final Ipv4Packet ip = new Ipv4Packet();
    /** IPv6, when the interface has an address of that family; else null, and IPv6 frames are dropped. */
    private final Ipv6Layer ipv6;
    private final ArpCache.ParkedSink parkedSink = new ArpCache.ParkedSink() {
        @Override
        public void resolved(long mbuf, long mac) {
            frameAndQueue(mbuf, mac);
        }

        @Override
        public void unresolved(long mbuf) {
            counters.dropArpTimeout++;
            pool.free(mbuf);
        }
    };
    private final TransportChecksums checksums;
    private final ChainedFrames chains;
    /** ICMP for IPv4: echo, fragmentation needed, and the unreachable messages this stack sends. */
    private final IcmpLayer icmpLayer;
    /** Addresses held besides the interface's own (a load generator's client pool): ARP answered, packets taken. */
    private AddressPool alsoHeld = AddressPool.NONE;
    private long now;
    /** False until the first duty cycle gives the time: until then {@link #now} reads 0. */
    private boolean clockRead;

    public NetStack(InterfaceConfig config, NetSettings settings, PacketPort port, int txQueue, PacketPool pool) {
        this.config = config;
        this.settings = settings;
        this.port = port;
        this.txQueue = txQueue;
        this.pool = pool;
        this.arp = new ArpCache(settings.arpCacheSize(), settings.arpEntryTtlNanos(), settings.arpWaitingPackets());
        this.checksums = new TransportChecksums(counters, port.tcpChecksumOffload(), port.ipv4ChecksumOffload(),
                config.vlanId());
        this.chains = new ChainedFrames(pool, counters);
        this.icmpLayer = new IcmpLayer(this, config, settings, pool, counters, arp, handlers, ethernet, ip);
        this.ipv6 = config.ipv6() == null ? null : new Ipv6Layer(config.mac(), config.vlanId(), config.ipv6(), settings,
                pool, counters.ipv6, this::queue, port.tcpChecksumOffload());
    }

    /**
     * Delivers packets of {@code protocol} (6 for TCP, 17 for UDP) addressed to us to {@code handler}; over IPv6 too
     * (TCP and UDP have the same numbers there) when the handler is also an {@link Ipv6Handler}.
     */
    public void register(int protocol, Ipv4Handler handler) {
        if (protocol == Ipv4Packet.PROTOCOL_ICMP) {
            throw new IllegalArgumentException("ICMP is handled by the network layer itself");
        }
        handlers[protocol] = handler;
        if (ipv6 != null && handler instanceof Ipv6Handler both) {
            ipv6.register(protocol, both);
        }
    }

    public NetCounters counters() {
        return counters;
    }

    public InterfaceConfig config() {
        return config;
    }

    /** The IPv6 layer, null when the interface has no IPv6 address. */
    Ipv6Layer ipv6() {
        return ipv6;
    }

    /** The pool this core's frames come from: an application that answers in frames of its own takes them here. */
    public PacketPool pool() {
        return pool;
    }

    /** Also holds the addresses of {@code pool} on the link: before the first frame is processed. */
    public void holdAlso(AddressPool addresses) {
        this.alsoHeld = addresses;
    }

    /**
     * Also holds the IPv6 addresses of {@code addresses} on the link (Neighbour Solicitations answered, packets taken,
     * {@link #send6(long, long, long, long, long, int)} from them): before the first frame; ignored without IPv6.
     */
    public void holdAlso6(Ipv6AddressPool addresses) {
        if (ipv6 != null) {
            ipv6.holdAlso(addresses);
        }
    }

    boolean ours(int address) {
        return address == config.address() || alsoHeld.contains(address);
    }

    // ---------------------------------------------------------------- receive

    @Override
    public void process(MbufBurst frames, long nowNanos) {
        timeIs(nowNanos);
        for (int i = 0; i < frames.count(); i++) {
            receive(frames.get(i));
        }
        frames.clear();
    }

    private void receive(long received) {
        counters.rxFrames++;
        counters.rxBytes += Mbuf.packetLength(received);
        long mbuf = chains.linearise(received);
        if (mbuf == 0) {
            return;
        }
        int length = Mbuf.dataLength(mbuf);
        long data = Mbuf.data(mbuf);
        if (!ethernet.wrap(data, length)) {
            counters.dropRunt++;
            pool.free(mbuf);
            return;
        }
        if (ethernet.vlanId() != config.vlanId()) {
            counters.dropVlan++;
            pool.free(mbuf);
            return;
        }
        long destination = ethernet.destination();
        if (destination != config.mac() && destination != EthernetFrame.BROADCAST
                && (ipv6 == null || !ipv6.listensOn(destination))) {
            counters.dropNotForUs++;
            pool.free(mbuf);
            return;
        }
        switch (ethernet.etherType()) {
            case EthernetFrame.TYPE_ARP -> receiveArp(mbuf);
            case EthernetFrame.TYPE_IPV4 -> receiveIpv4(mbuf);
            case EthernetFrame.TYPE_IPV6 -> {
                if (ipv6 != null) {
                    ipv6.receive(mbuf, ethernet, now);
                } else {
                    counters.dropEtherType++;
                    pool.free(mbuf);
                }
            }
            default -> {
                counters.dropEtherType++;
                pool.free(mbuf);
            }
        }
    }

    private void receiveArp(long mbuf) {
        if (!arpPacket.wrap(ethernet.payload(), ethernet.payloadLength())) {
            counters.dropArpMalformed++;
            pool.free(mbuf);
            return;
        }
        int operation = arpPacket.operation();
        int senderIp = arpPacket.senderIp();
        long senderMac = arpPacket.senderMac();
        int asked = arpPacket.targetIp();
        boolean forUs = ours(asked);
        if (operation == ArpPacket.REQUEST) {
            counters.arpRequestsIn++;
        } else if (operation == ArpPacket.REPLY) {
            counters.arpRepliesIn++;
        }
        // RFC 826: refresh a neighbour we know; learn one that is talking to us.
        if (senderIp != 0 && !EthernetFrame.isMulticast(senderMac) && (forUs || arp.contains(senderIp))) {
            arp.learn(senderIp, senderMac, now);
            arp.release(senderIp, senderMac, parkedSink);
        }
        if (operation == ArpPacket.REQUEST && forUs && Mbuf.port(mbuf) != LEARN_ONLY_PORT) {
            long frame = Mbuf.data(mbuf);
            int header = EthernetFrame.write(frame, senderMac, config.mac(), config.vlanId(), EthernetFrame.TYPE_ARP);
            ArpPacket.write(frame + header, ArpPacket.REPLY, config.mac(), asked, senderMac, senderIp);
            Mbuf.length(mbuf, header + ArpPacket.LENGTH);
            counters.arpRepliesOut++;
            queue(mbuf);
        } else {
            pool.free(mbuf);
        }
    }

    private void receiveIpv4(long mbuf) {
        int headerLength = ethernet.headerLength();
        if (ip.wrap(ethernet.payload(), ethernet.payloadLength()) != Ipv4Packet.OK) {
            counters.dropIpHeader++;
            pool.free(mbuf);
            return;
        }
        long flags = Mbuf.offloadFlags(mbuf);
        if (Mbuf.ipChecksumBad(flags) || (!Mbuf.ipChecksumVouched(flags) && !ip.checksumValid())) {
            counters.dropIpChecksum++;
            pool.free(mbuf);
            return;
        }
        if (!ours(ip.destination())) {
            counters.dropNotForUs++;
            pool.free(mbuf);
            return;
        }
        if (ip.isFragment()) {
            counters.dropFragment++;
            pool.free(mbuf);
            return;
        }
        int protocol = ip.protocol();
        if (protocol == Ipv4Packet.PROTOCOL_ICMP) {
            icmpLayer.receiveIcmp(mbuf);
            return;
        }
        Ipv4Handler handler = handlers[protocol];
        if (handler == null) {
            icmpLayer.sendUnreachable(IcmpPacket.CODE_PROTOCOL_UNREACHABLE);
            pool.free(mbuf);
            return;
        }
        if (!checksums.valid(ip, protocol, flags)) {
            counters.dropL4Checksum++;
            pool.free(mbuf);
            return;
        }
        int source = ip.source();
        int payloadLength = ip.payloadLength();
        Mbuf.trimFront(mbuf, headerLength + ip.headerLength());
        Mbuf.length(mbuf, payloadLength);
        handler.receive(mbuf, source, ip.destination());
    }

    // ---------------------------------------------------------------- send

    @Override
    public boolean send(long mbuf, int source, int destination, int protocol) {
        // The whole packet's length: a TSO packet is a chain, its headers in the first segment.
        int l4Length = Mbuf.packetLength(mbuf);
        long l4 = Mbuf.data(mbuf);
        checksums.fill(mbuf, l4, l4Length, source, destination, protocol);
        long header = Mbuf.prepend(mbuf, Ipv4Packet.MIN_HEADER_LENGTH);
        if (header == 0 || Mbuf.dataOffset(mbuf) < EthernetFrame.headerLength(config.vlanId())) {
            pool.free(mbuf);
            counters.dropNoHeadroom++;
            return false;
        }
        Ipv4Packet.write(header, source, destination, protocol, l4Length, ATOMIC_DATAGRAM_ID, Ipv4Packet.DEFAULT_TTL);
        int hop = config.onLink(destination) ? destination : config.gateway();
        if (hop == 0) {
            pool.free(mbuf);
            counters.dropNoRoute++;
            return false;
        }
        long mac = arp.lookup(hop, now);
        if (mac != ArpCache.INCOMPLETE) {
            frameAndQueue(mbuf, mac);
            return true;
        }
        if (arp.requestDue(hop, now, settings.arpRetryNanos())) {
            sendArpRequest(hop);
        }
        if (!arp.park(mbuf, hop, now)) {
            pool.free(mbuf);
            counters.dropArpQueueFull++;
            return false;
        }
        return true;
    }

    @Override
    public boolean send6(long mbuf, long destinationHigh, long destinationLow, int protocol) {
        if (ipv6 == null) {
            pool.free(mbuf);
            counters.dropNoRoute++;
            return false;
        }
        return ipv6.send(mbuf, destinationHigh, destinationLow, protocol);
    }

    @Override
    public boolean send6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                         int protocol) {
        if (ipv6 == null) {
            pool.free(mbuf);
            counters.dropNoRoute++;
            return false;
        }
        return ipv6.send(mbuf, sourceHigh, sourceLow, destinationHigh, destinationLow, protocol);
    }

    @Override
    public boolean usable6() {
        return ipv6 != null && ipv6.addressState() == DuplicateAddressDetection.PREFERRED;
    }

    @Override
    public long addressHigh6() {
        return ipv6 == null ? 0 : config.ipv6().addressHigh();
    }

    @Override
    public long addressLow6() {
        return ipv6 == null ? 0 : config.ipv6().addressLow();
    }

    /** Prepends the Ethernet header of an IPv4 packet and queues it for transmit. */
    private void frameAndQueue(long mbuf, long mac) {
        long frame = Mbuf.prepend(mbuf, EthernetFrame.headerLength(config.vlanId()));
        EthernetFrame.write(frame, mac, config.mac(), config.vlanId(), EthernetFrame.TYPE_IPV4);
        queue(mbuf);
    }

    private void sendArpRequest(int target) {
        sendArp(ArpPacket.REQUEST, target);
    }

    /** Announces our address (a gratuitous ARP request), so neighbours update their caches; sent at start. */
    public void announce() {
        sendArp(ArpPacket.REQUEST, config.address());
    }

    private void sendArp(int operation, int targetIp) {
        long mbuf = pool.allocate();
        if (mbuf == 0) {
            return;
        }
        long frame = Mbuf.data(mbuf);
        int header = EthernetFrame.write(frame, EthernetFrame.BROADCAST, config.mac(), config.vlanId(),
                EthernetFrame.TYPE_ARP);
        ArpPacket.write(frame + header, operation, config.mac(), config.address(), 0, targetIp);
        long end = frame + header + ArpPacket.LENGTH;
        dev.lightpath.dpdk.NativeMemory.fill(end, MINIMUM_FRAME - header - ArpPacket.LENGTH, (byte) 0);
        Mbuf.length(mbuf, Math.max(header + ArpPacket.LENGTH, MINIMUM_FRAME));
        counters.arpRequestsOut++;
        queue(mbuf);
    }

    void queue(long mbuf) {
        if (tx.isFull()) {
            flush();
        }
        if (tx.isFull()) {
            counters.dropTxFull++;
            pool.free(mbuf);
            return;
        }
        counters.txFrames++;
        counters.txBytes += Mbuf.packetLength(mbuf);
        tx.add(mbuf);
    }

    @Override
    public int flush() {
        if (tx.isEmpty()) {
            return port.flushTransmit(txQueue);
        }
        int sent = port.transmit(txQueue, tx);
        if (!tx.isEmpty()) {
            sent += port.transmit(txQueue, tx);
        }
        if (!tx.isEmpty()) {
            counters.dropTxFull += tx.count();
            counters.txFrames -= tx.count();
            pool.free(tx);
        }
        return sent;
    }

    @Override
    public int poll(long nowNanos) {
        timeIs(nowNanos);
        int work = ipv6 == null ? 0 : ipv6.poll(nowNanos);
        if (arp.waiting() == 0) {
            return work;
        }
        work += arp.expire(nowNanos, settings.arpTimeoutNanos(), parkedSink);
        for (int i = 0; i < arp.waiting(); i++) {
            int hop = arp.waitingHop(i);
            if (arp.requestDue(hop, nowNanos, settings.arpRetryNanos())) {
                sendArpRequest(hop);
                work++;
            }
        }
        return work;
    }

    /**
     * A packet sent before the first duty cycle (a connection opened as the engine starts) was parked at time 0;
     * timed from 0, it would look as old as the clock reads at the first cycle and be dropped there, its ARP
     * request still unanswered, leaving its sender to find the loss by a retransmission timeout.
     */
    private void timeIs(long nowNanos) {
        if (!clockRead) {
            clockRead = true;
            arp.clockStarts(nowNanos);
            if (ipv6 != null) {
                ipv6.clockStarts(nowNanos);
            }
        }
        now = nowNanos;
        icmpLayer.timeIs(nowNanos);
    }

    /** Frees everything this stack holds (packets waiting for ARP, frames not yet sent): at shutdown. */
    public void close() {
        arp.dropAll(parkedSink);
        if (ipv6 != null) {
            ipv6.close();
        }
        pool.free(tx);
        tx.close();
    }



}
