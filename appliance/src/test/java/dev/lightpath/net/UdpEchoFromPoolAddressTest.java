package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.echo.UdpEcho;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A datagram sent to an address of a client pool the network layer holds is echoed from that address, in each
 * family, as TCP answers from it; one sent to the interface's own address is still echoed from that one. The echoes
 * over IPv6 are counted apart from IPv4's.
 */
class UdpEchoFromPoolAddressTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long OUR_MAC = Ipv6StackTest.OUR_MAC;
    private static final long PEER_MAC = Ipv6StackTest.PEER_MAC;
    private static final int OUR_IP = Ipv4Address.parse("198.18.0.1");
    private static final int PEER_IP = Ipv4Address.parse("198.18.0.2");
    private static final long[] OURS = Ipv6StackTest.OURS;
    private static final long[] PEER = Ipv6StackTest.PEER;

    private final MbufBurst burst = new MbufBurst();
    private MemoryPool pool;
    private MemoryPort peer;
    private NetStack net;
    private UdpEcho echo;
    private long now = 100 * SECOND;

    @BeforeEach
    void setUp() {
        pool = new MemoryPool(256);
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        peer = cable[1];
        net = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, 0, EthernetFrame.UNTAGGED, 1500)
                .withIpv6(new Ipv6Config(OURS[0], OURS[1], 64, 0, 0)), NetSettings.defaults(), cable[0], 0, pool);
        net.holdAlso(AddressPool.parse(List.of("198.18.0.64/29")));
        net.holdAlso6(Ipv6AddressPool.parse(List.of("2001:db8::100/120")));
        echo = new UdpEcho(net, pool);
        net.register(17, echo);
        // Duplicate address detection runs its course, then the peer introduces itself in each family.
        net.poll(now);
        now += SECOND;
        net.poll(now);
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6StackTest.OUR_GROUP_MAC, PEER, Ipv6StackTest.OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, OUR_IP));
        drain();
    }

    @AfterEach
    void tearDown() {
        net.close();
        drain();
        assertEquals(pool.capacity(), pool.available(), "every mbuf is back in the pool");
        burst.close();
        pool.close();
    }

    @Test
    void anIpv4DatagramToAPoolAddressIsEchoedFromThatAddress() {
        for (String to : new String[] {"198.18.0.66", "198.18.0.70", "198.18.0.1"}) {
            int address = Ipv4Address.parse(to);
            deliver(Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, address, 40000, 7, 12, true));
            try (MbufBurst in = new MbufBurst()) {
                assertEquals(1, peer.receive(0, in), "an echo of the datagram to " + to);
                long ip = Mbuf.data(in.get(0)) + 14;
                assertEquals(17, NativeMemory.getU8(ip + 9));
                assertEquals(address, NativeMemory.getI32Be(ip + 12), "from " + to);
                assertEquals(PEER_IP, NativeMemory.getI32Be(ip + 16));
                long udp = ip + 20;
                assertEquals(7, NativeMemory.getU16Be(udp));
                assertEquals(40000, NativeMemory.getU16Be(udp + 2));
                long pseudo = (address >>> 16) + (address & 0xFFFF) + (PEER_IP >>> 16) + (PEER_IP & 0xFFFF) + 17 + 20;
                assertEquals(0, Frames.independentChecksum(udp, 20, pseudo),
                        "the checksum verifies over a pseudo-header that names " + to);
                pool.free(in);
            }
        }
        assertEquals(3, echo.echoed());
        assertEquals(0, counters().get("udp.echo.datagrams_ipv6"), "none of them over IPv6");
    }

    @Test
    void anIpv6DatagramToAPoolAddressIsEchoedFromThatAddress() {
        for (String to : new String[] {"2001:db8::101", "2001:db8::1ff", "2001:db8::1"}) {
            long[] address = Ipv6Address.parse(to);
            deliver(datagram6(address));
            try (MbufBurst in = new MbufBurst()) {
                assertEquals(1, peer.receive(0, in), "an echo of the datagram to " + to);
                long ip = Mbuf.data(in.get(0)) + 14;
                assertEquals(17, NativeMemory.getU8(ip + 6));
                assertEquals(address[0], NativeMemory.getI64Be(ip + 8), "from " + to);
                assertEquals(address[1], NativeMemory.getI64Be(ip + 16), "from " + to);
                assertEquals(PEER[1], NativeMemory.getI64Be(ip + 32), "back to the sender");
                long udp = ip + 40;
                assertEquals(7, NativeMemory.getU16Be(udp));
                assertEquals(40000, NativeMemory.getU16Be(udp + 2));
                assertEquals(0, Frames.independentChecksum(udp, 16,
                                Frames6.pseudo(address, PEER, 16) - Frames6.ICMPV6 + 17),
                        "the checksum verifies over a pseudo-header that names " + to);
                pool.free(in);
            }
        }
        assertEquals(3, echo.echoed());
        assertEquals(3, counters().get("udp.echo.datagrams_ipv6"), "each counted in its family");
        assertEquals(0, net.counters().ipv6.dropNoRoute);
    }

    private Map<String, Long> counters() {
        Map<String, Long> counters = new TreeMap<>();
        echo.forEach(counters::put);
        return counters;
    }

    /** Eight bytes of payload from the peer's port 40000 to the echo port at {@code to}, checksummed. */
    private long datagram6(long[] to) {
        int[] body = new int[16];
        body[0] = 40000 >>> 8;
        body[1] = 40000 & 0xFF;
        body[3] = 7;
        body[5] = 16;
        for (int i = 8; i < 16; i++) {
            body[i] = i;
        }
        long frame = Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, to, 64, 17, -1, body);
        long udp = Mbuf.data(frame) + 14 + 40;
        NativeMemory.putU16Be(udp + 6, Frames.independentChecksum(udp, 16, Frames6.pseudo(PEER, to, 16) - Frames6.ICMPV6 + 17));
        return frame;
    }

    private void deliver(long frame) {
        burst.clear();
        burst.add(frame);
        net.process(burst, now);
        assertTrue(burst.isEmpty());
        net.flush();
    }

    private void drain() {
        net.flush();
        try (MbufBurst in = new MbufBurst()) {
            while (peer.receive(0, in) > 0) {
                pool.free(in);
            }
        }
    }
}
