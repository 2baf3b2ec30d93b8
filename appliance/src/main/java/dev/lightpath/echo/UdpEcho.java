package dev.lightpath.echo;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.net.Ipv4Handler;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6Handler;
import dev.lightpath.net.Ipv6Output;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.UdpDatagram;

/**
 * The echo service over UDP (RFC 862, port 7): each datagram goes back to its sender in the mbuf it came in,
 * ports swapped. Datagrams to other ports are dropped and counted. One per core.
 *
 * <p>UDP's source address is whatever the sender wrote, so an echo server is a reflector. Two guards, each
 * counted:
 * <ul>
 * <li>Datagrams from source ports below 1024 are dropped. Those are the ports of the other small services
 *     (echo 7, discard 9, daytime 13, chargen 19, DNS 53, NTP 123...), and a datagram forged to come from one
 *     of them on another host sets the two servers answering each other for ever (CVE-2024-2169). Clients
 *     send from ephemeral ports.</li>
 * <li>Each source address gets a token bucket of {@code udpRatePerSource} datagrams a second (and as many at
 *     once), so a forged source cannot turn the appliance on one victim at line rate. The buckets are a fixed
 *     table indexed by a hash of the address keyed per process, one long each (the time the bucket would be
 *     full again, as in GCRA): no allocation and no state per source; sources that collide share a rate,
 *     and with the key secret a sender cannot choose whom it collides with. Over IPv6 a source is its /64, since
 *     a host may send from any address within it.</li>
 * </ul>
 * Over IPv6 as over IPv4 when its output speaks both (the network layer registers it for both). The echo leaves
 * from the address the datagram was sent to, in either family, whether the interface's own or one of a client pool
 * the network layer also holds: a sender matches a reply to its request by the address it asked, and one from
 * another address of the same host is, to it, a stranger's datagram.
 */
public final class UdpEcho implements Ipv4Handler, Ipv6Handler {
    public static final int PORT = 7;
    /** Source ports below this one belong to services, not clients. */
    static final int FIRST_CLIENT_PORT = 1024;
    private static final long SECOND = 1_000_000_000L;

    private final Ipv4Output output;
    /** The same output when it also speaks IPv6, else null. */
    private final Ipv6Output output6;
    private final PacketPool pool;
    private final Clock clock;
    private final UdpDatagram udp = new UdpDatagram();
    /** Per bucket: when its credit runs out (the theoretical arrival time of the next datagram), or 0 for full. */
    private final long[] fullAfter;
    private final int bucketMask;
    private final long hashKey;
    private final long costNanos;
    private final long burstNanos;
    private long echoed;
    /** Of {@link #echoed}, those over IPv6: the per-family split, as TCP's {@code segments.received_ipv6}. */
    private long echoed6;
    private long noListener;
    private long malformed;
    private long privilegedPort;
    private long rateLimited;

    /** An echo with no rate limit (datagrams from service ports are still refused). */
    public UdpEcho(Ipv4Output output, PacketPool pool) {
        this(output, pool, unlimited(), Clock.SYSTEM, 0);
    }

    private static EchoSettings unlimited() {
        EchoSettings settings = new EchoSettings();
        settings.udpRatePerSource = 0;
        return settings;
    }

    /**
     * @param settings the rate per source and the number of buckets
     * @param clock    the time the buckets fill by
     * @param hashKey  a random key, so that which sources share a bucket cannot be foreseen
     */
    public UdpEcho(Ipv4Output output, PacketPool pool, EchoSettings settings, Clock clock, long hashKey) {
        if (Integer.bitCount(settings.udpRateBuckets) != 1) {
            throw new IllegalArgumentException("rate buckets must be a power of two, not " + settings.udpRateBuckets);
        }
        this.output = output;
        this.output6 = output instanceof Ipv6Output both ? both : null;
        this.pool = pool;
        this.clock = clock;
        this.hashKey = hashKey;
        this.costNanos = settings.udpRatePerSource == 0 ? 0 : SECOND / settings.udpRatePerSource;
        this.burstNanos = SECOND - costNanos;
        this.fullAfter = new long[settings.udpRatePerSource == 0 ? 1 : settings.udpRateBuckets];
        this.bucketMask = fullAfter.length - 1;
        long start = clock.nanos();
        java.util.Arrays.fill(fullAfter, start);
    }

    @Override
    public void receive(long mbuf, int source, int destination) {
        if (turnedAround(mbuf, source) && output.send(mbuf, destination, source, Ipv4Packet.PROTOCOL_UDP)) {
            echoed++;
        }
    }

    @Override
    public void receive6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        if (!turnedAround(mbuf, (int) (sourceHigh ^ (sourceHigh >>> 32)))) {
            return;
        }
        if (output6 == null) {
            pool.free(mbuf);
        } else if (output6.send6(mbuf, destinationHigh, destinationLow, sourceHigh, sourceLow,
                Ipv4Packet.PROTOCOL_UDP)) {
            echoed++;
            echoed6++;
        }
    }

    /**
     * Checks a datagram against the port, the guards and its source's rate ({@code sourceKey}: the address, or an
     * IPv6 /64 folded), and turns it into its echo in place; false when it was dropped (freed and counted).
     */
    private boolean turnedAround(long mbuf, int sourceKey) {
        long data = Mbuf.data(mbuf);
        if (!udp.wrap(data, Mbuf.dataLength(mbuf))) {
            malformed++;
            pool.free(mbuf);
            return false;
        }
        if (udp.destinationPort() != PORT) {
            noListener++;
            pool.free(mbuf);
            return false;
        }
        if (udp.sourcePort() < FIRST_CLIENT_PORT) {
            privilegedPort++;
            pool.free(mbuf);
            return false;
        }
        if (costNanos != 0 && !admit(sourceKey)) {
            rateLimited++;
            pool.free(mbuf);
            return false;
        }
        int length = udp.length();
        UdpDatagram.write(data, PORT, udp.sourcePort(), length - UdpDatagram.HEADER_LENGTH);
        Mbuf.length(mbuf, length);
        return true;
    }

    /** Takes one datagram's credit from the source's bucket; false when the bucket is empty. */
    private boolean admit(int source) {
        int bucket = bucket(source);
        long now = clock.nanos();
        long next = fullAfter[bucket];
        if (next - now < 0) {
            next = now;
        }
        if (next - now > burstNanos) {
            return false;
        }
        fullAfter[bucket] = next + costNanos;
        return true;
    }

    private int bucket(int source) {
        long h = (source & 0xffffffffL) ^ hashKey;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33)) & bucketMask;
    }

    public long echoed() {
        return echoed;
    }

    public void forEach(dev.lightpath.metrics.CounterVisitor visitor) {
        visitor.counter("udp.echo.datagrams", echoed);
        visitor.counter("udp.echo.datagrams_ipv6", echoed6);
        visitor.counter("udp.drop.no_listener", noListener);
        visitor.counter("udp.drop.malformed", malformed);
        visitor.counter("udp.echo.drop.privileged_port", privilegedPort);
        visitor.counter("udp.echo.drop.rate_limited", rateLimited);
    }
}
