package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.echo.UdpEcho;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP echo over IPv6 through the network layer: a datagram comes back to its sender with a checksum over the
 * IPv6 pseudo-header; one from a service port, or with the zero checksum IPv6 forbids, does not.
 */
class UdpEchoOverIpv6Test {
    private static final long[] OURS = Ipv6StackTest.OURS;
    private static final long[] PEER = Ipv6StackTest.PEER;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final MbufBurst burst = new MbufBurst();
    private MemoryPool pool;
    private MemoryPort peer;
    private NetStack net;
    private UdpEcho echo;
    private long now = 100 * SECOND;

    private void start() {
        pool = new MemoryPool(256);
        MemoryPort[] cable = MemoryPort.pair(Ipv6StackTest.OUR_MAC, Ipv6StackTest.PEER_MAC);
        peer = cable[1];
        net = new NetStack(new InterfaceConfig(Ipv6StackTest.OUR_MAC, Ipv4Address.parse("198.18.0.1"), 24, 0,
                EthernetFrame.UNTAGGED, 1500).withIpv6(new Ipv6Config(OURS[0], OURS[1], 64, 0, 0)),
                NetSettings.defaults(), cable[0], 0, pool);
        echo = new UdpEcho(net, pool);
        net.register(17, echo);
        net.poll(now);
        now += SECOND;
        net.poll(now);
        deliver(Frames6.packet(pool, Ipv6StackTest.PEER_MAC, Ipv6StackTest.OUR_GROUP_MAC, PEER,
                Ipv6StackTest.OUR_GROUP, 255, 58, 0, Frames6.solicitation(OURS, Ipv6StackTest.PEER_MAC)));
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
    void aDatagramIsEchoedOverIpv6AndOthersAreDropped() {
        start();
        deliver(datagram(40000, 7, true));
        try (MbufBurst in = new MbufBurst()) {
            assertEquals(1, peer.receive(0, in));
            long ip = Mbuf.data(in.get(0)) + 14;
            assertEquals(17, NativeMemory.getU8(ip + 6));
            assertEquals(PEER[1], NativeMemory.getI64Be(ip + 32), "back to the sender");
            long udp = ip + 40;
            assertEquals(7, NativeMemory.getU16Be(udp));
            assertEquals(40000, NativeMemory.getU16Be(udp + 2));
            assertEquals(0, Frames.independentChecksum(udp, 16, Frames6.pseudo(OURS, PEER, 16) - Frames6.ICMPV6 + 17),
                    "the checksum verifies over the IPv6 pseudo-header");
            pool.free(in);
        }
        assertEquals(1, echo.echoed());

        deliver(datagram(53, 7, true));
        deliver(datagram(40000, 7, false));
        assertEquals(0, peer.pending(), "neither from a service port nor without a checksum");
        assertEquals(1, net.counters().ipv6.dropChecksum);
        assertEquals(1, echo.echoed());
    }

    /** Eight bytes of payload to port {@code to}, checksummed or with the zero UDP over IPv4 may carry. */
    private long datagram(int from, int to, boolean checksum) {
        int[] body = new int[16];
        body[0] = from >>> 8;
        body[1] = from & 0xFF;
        body[2] = to >>> 8;
        body[3] = to & 0xFF;
        body[5] = 16;
        for (int i = 8; i < 16; i++) {
            body[i] = i;
        }
        long frame = Frames6.packet(pool, Ipv6StackTest.PEER_MAC, Ipv6StackTest.OUR_MAC, PEER, OURS, 64, 17, -1, body);
        if (checksum) {
            long udp = Mbuf.data(frame) + 14 + 40;
            NativeMemory.putU16Be(udp + 6,
                    Frames.independentChecksum(udp, 16, Frames6.pseudo(PEER, OURS, 16) - Frames6.ICMPV6 + 17));
        }
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
