package dev.lightpath.engine;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Ring;
import dev.lightpath.io.PacketPool;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.NetStack;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.Ipv6ExtensionHeaders;
import dev.lightpath.wire.Ipv6Packet;

/**
 * Keeps every flow on the core that owns it when the port cannot: each received TCP or UDP frame is hashed
 * (the port's RSS hash when it gave one, else the same symmetric Toeplitz hash in software), over IPv4 or IPv6, and
 * frames owned by another core are handed to it over a single-producer single-consumer ring. ARP frames and
 * Neighbour Discovery's solicitations and advertisements are copied to every core, since each keeps its own
 * neighbour caches. Everything else stays where it arrived.
 *
 * <p>An IPv6 packet with extension headers (hop-by-hop, destination options, a used-up routing header, an atomic
 * fragment header) before its TCP or UDP header is steered by its 4-tuple too: the headers are walked with the IPv6
 * layer's own bound ({@link Ipv6ExtensionHeaders#MAX_HEADERS}), and the tuple is hashed here in software, since a
 * port's hash of such a packet may be of its addresses alone. A chain the IPv6 layer refuses (too long, truncated,
 * an option to answer) stays where it arrived, which answers or drops it; so does a piece of a fragmented datagram:
 * the IPv6 layer drops fragments (only the first piece carries the ports, so no core could own the rest), and
 * whichever core counts the drop does not matter.
 *
 * <p>One per worker; the rings are the only thing workers share, each written by one and read by one.
 */
public final class FlowSteering {
    private final int self;
    private final int workers;
    private final RssHash rss;
    private final RedirectionTable table;
    private final Ring[] outgoing;
    private final Ring[] incoming;
    private final MbufBurst[] staged;
    private final PacketPool pool;
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Ipv6ExtensionHeaders extensions = new Ipv6ExtensionHeaders();
    private long steeredOut;
    private long steeredIn;
    private long ringFull;
    private long arpCopies;

    /**
     * @param outgoing ring to each core by index (null at {@code self})
     * @param incoming ring from each core by index (null at {@code self})
     * @param table    the hash to core table, the port's own when it redirects in hardware
     */
    public FlowSteering(int self, int workers, RssHash rss, RedirectionTable table, Ring[] outgoing, Ring[] incoming,
                        PacketPool pool) {
        this.self = self;
        this.workers = workers;
        this.rss = rss;
        this.table = table;
        this.outgoing = outgoing.clone();
        this.incoming = incoming.clone();
        this.pool = pool;
        this.staged = new MbufBurst[workers];
        for (int i = 0; i < workers; i++) {
            staged[i] = i == self ? null : new MbufBurst();
        }
    }

    /** Moves the frames of {@code received} that this core owns into {@code local}, and sends the rest away. */
    public void split(MbufBurst received, MbufBurst local) {
        local.clear();
        for (int i = 0; i < received.count(); i++) {
            long mbuf = received.get(i);
            int owner = owner(mbuf);
            if (owner == self) {
                local.add(mbuf);
            } else if (owner < 0) {
                copyToOthers(mbuf);
                local.add(mbuf);
            } else {
                stage(owner, mbuf);
            }
        }
        received.clear();
        for (int core = 0; core < workers; core++) {
            if (core != self && !staged[core].isEmpty()) {
                send(core);
            }
        }
    }

    /** Takes frames other cores handed to this one, up to the burst's capacity; returns how many. */
    public int receive(MbufBurst into) {
        into.clear();
        for (int core = 0; core < workers && into.isEmpty(); core++) {
            if (core != self) {
                steeredIn += incoming[core].dequeue(into);
            }
        }
        return into.count();
    }

    /** The core owning the frame's flow; -1 for ARP and Neighbour Discovery (every core needs them). */
    int owner(long mbuf) {
        long data = Mbuf.data(mbuf);
        if (!ethernet.wrap(data, Mbuf.dataLength(mbuf))) {
            return self;
        }
        if (ethernet.etherType() == EthernetFrame.TYPE_ARP) {
            return -1;
        }
        if (ethernet.etherType() == EthernetFrame.TYPE_IPV6) {
            return owner6(mbuf);
        }
        // A chained frame (scattered receive) is steered by the headers in its first segment; its length is the
        // chain's. The core that takes it makes it contiguous.
        if (ethernet.etherType() != EthernetFrame.TYPE_IPV4
                || ip.wrap(ethernet.payload(), Mbuf.packetLength(mbuf) - ethernet.headerLength()) != Ipv4Packet.OK
                || ip.isFragment()) {
            return self;
        }
        int protocol = ip.protocol();
        if ((protocol != Ipv4Packet.PROTOCOL_TCP && protocol != Ipv4Packet.PROTOCOL_UDP) || ip.payloadLength() < 4
                || ethernet.headerLength() + ip.headerLength() + 4 > Mbuf.dataLength(mbuf)) {
            return self;
        }
        int hash;
        if ((Mbuf.offloadFlags(mbuf) & Mbuf.RX_RSS_HASH) != 0) {
            hash = Mbuf.rssHash(mbuf);
        } else {
            long ports = ip.payload();
            hash = rss.hash(ip.source(), ip.destination(), NativeMemory.getU16Be(ports), NativeMemory.getU16Be(ports + 2));
        }
        return table.queueFor(hash);
    }

    /**
     * An IPv6 frame's owner: by its 4-tuple when TCP or UDP follows the fixed header or the extension headers; every
     * core for Neighbour Discovery; the receiving core for the rest.
     */
    private int owner6(long mbuf) {
        if (ip6.wrap(ethernet.payload(), ethernet.payloadLength()) != Ipv6Packet.OK || ip6.payloadLength() < 4) {
            return self;
        }
        int next = ip6.nextHeader();
        long upper = ip6.payload();
        boolean extended = Ipv6ExtensionHeaders.isExtension(next);
        if (extended) {
            int offset = extensions.walk(ip6.address(), ip6.totalLength(), next);
            if (offset < 0 || ip6.totalLength() - offset < 4) {
                return self;
            }
            next = extensions.protocol();
            upper = ip6.address() + offset;
        }
        if (next == Ipv6Packet.NEXT_HEADER_ICMPV6) {
            int type = NativeMemory.getU8(upper);
            boolean neighbourDiscovery = type == Icmpv6Packet.NEIGHBOUR_SOLICITATION
                    || type == Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT;
            return neighbourDiscovery ? -1 : self;
        }
        if (next != Ipv6Packet.NEXT_HEADER_TCP && next != Ipv6Packet.NEXT_HEADER_UDP) {
            return self;
        }
        int hash;
        if (!extended && (Mbuf.offloadFlags(mbuf) & Mbuf.RX_RSS_HASH) != 0) {
            hash = Mbuf.rssHash(mbuf);
        } else {
            long ports = upper;
            hash = rss.hash6(ip6.sourceHigh(), ip6.sourceLow(), ip6.destinationHigh(), ip6.destinationLow(),
                    NativeMemory.getU16Be(ports), NativeMemory.getU16Be(ports + 2));
        }
        return table.queueFor(hash);
    }

    private void stage(int core, long mbuf) {
        if (staged[core].isFull()) {
            send(core);
        }
        staged[core].add(mbuf);
    }

    private void send(int core) {
        MbufBurst burst = staged[core];
        steeredOut += outgoing[core].enqueue(burst);
        if (!burst.isEmpty()) {
            ringFull += burst.count();
            pool.free(burst);
        }
    }

    /** Copies a neighbour resolution frame to every other core, marked so that they learn from it but not answer. */
    private void copyToOthers(long mbuf) {
        int length = Mbuf.dataLength(mbuf);
        for (int core = 0; core < workers; core++) {
            if (core == self) {
                continue;
            }
            long copy = pool.allocate();
            if (copy == 0) {
                continue;
            }
            NativeMemory.copy(Mbuf.data(mbuf), Mbuf.data(copy), length);
            Mbuf.length(copy, length);
            Mbuf.port(copy, NetStack.LEARN_ONLY_PORT);
            arpCopies++;
            stage(core, copy);
        }
    }

    /**
     * Frees frames still staged or waiting in the rings to this core: at shutdown, once every worker has
     * stopped, so nothing is left in flight between cores.
     */
    public void close() {
        for (MbufBurst burst : staged) {
            if (burst != null) {
                pool.free(burst);
                burst.close();
            }
        }
        try (MbufBurst leftover = new MbufBurst()) {
            while (receive(leftover) > 0) {
                pool.free(leftover);
            }
        }
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("steering.out", steeredOut);
        visitor.counter("steering.in", steeredIn);
        visitor.counter("steering.ring_full", ringFull);
        visitor.counter("steering.arp_copies", arpCopies);
    }
}
