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

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP echo on a dual-stack network layer, joined by an in-memory cable to a peer that has introduced itself
 * in both families (duplicate address detection has passed first): frames are delivered one at a time, and the
 * echoes read from the peer's end. Closing it checks that every mbuf came back.
 */
final class UdpEchoBed implements AutoCloseable {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final long OUR_MAC = Ipv6StackTest.OUR_MAC;
    static final long PEER_MAC = Ipv6StackTest.PEER_MAC;
    static final int OUR_IP = Ipv4Address.parse("198.18.0.1");
    static final int PEER_IP = Ipv4Address.parse("198.18.0.2");
    static final long[] OURS = Ipv6StackTest.OURS;
    static final long[] PEER = Ipv6StackTest.PEER;

    final MemoryPool pool = new MemoryPool(256);
    final MemoryPort peer;
    final NetStack net;
    final UdpEcho echo;
    private final MbufBurst burst = new MbufBurst();
    private final long now = 101 * SECOND;

    /** {@code alsoHeld}: the client pools the network layer holds beside its own addresses (before it starts). */
    UdpEchoBed(Consumer<NetStack> alsoHeld) {
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        peer = cable[1];
        net = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, 0, EthernetFrame.UNTAGGED, 1500)
                .withIpv6(new Ipv6Config(OURS[0], OURS[1], 64, 0, 0)), NetSettings.defaults(), cable[0], 0, pool);
        alsoHeld.accept(net);
        echo = new UdpEcho(net, pool);
        net.register(17, echo);
        net.poll(now - SECOND);
        net.poll(now);
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6StackTest.OUR_GROUP_MAC, PEER, Ipv6StackTest.OUR_GROUP, 255,
                Frames6.ICMPV6, 0, Frames6.solicitation(OURS, PEER_MAC)));
        deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, OUR_IP));
        drain();
    }

    /** A datagram of the peer's over IPv6, from its port {@code from} to {@code to} at {@code destination}. */
    long datagram6(long[] destination, int from, int to, boolean checksum) {
        return Frames6.udp(pool, PEER_MAC, OUR_MAC, PEER, destination, from, to, checksum);
    }

    /** Hands one frame to the network layer, which must take it, and sends what it answered. */
    void deliver(long frame) {
        burst.clear();
        burst.add(frame);
        net.process(burst, now);
        assertTrue(burst.isEmpty());
        net.flush();
    }

    /**
     * The one echo the peer has received, over IPv6 from {@code from} back to the peer's port {@code to} with a
     * checksum that verifies over the pseudo-header naming {@code from}; freed after the checks.
     */
    void assertEcho6(long[] from, int fromPort, int toPort) {
        try (MbufBurst in = new MbufBurst()) {
            assertEquals(1, peer.receive(0, in), "an echo of the datagram to " + Ipv6Address.format(from[0], from[1]));
            long ip = Mbuf.data(in.get(0)) + 14;
            assertEquals(Frames6.UDP, NativeMemory.getU8(ip + 6));
            assertEquals(from[0], NativeMemory.getI64Be(ip + 8), "from the address the datagram was sent to");
            assertEquals(from[1], NativeMemory.getI64Be(ip + 16), "from the address the datagram was sent to");
            assertEquals(PEER[0], NativeMemory.getI64Be(ip + 24), "back to the sender");
            assertEquals(PEER[1], NativeMemory.getI64Be(ip + 32), "back to the sender");
            long udp = ip + 40;
            int length = NativeMemory.getU16Be(ip + 4);
            assertEquals(fromPort, NativeMemory.getU16Be(udp));
            assertEquals(toPort, NativeMemory.getU16Be(udp + 2));
            assertEquals(0, Frames.independentChecksum(udp, length, Frames6.udpPseudo(from, PEER, length)),
                    "the checksum verifies over a pseudo-header that names " + Ipv6Address.format(from[0], from[1]));
            pool.free(in);
        }
    }

    /** Frees whatever the peer has received. */
    void drain() {
        net.flush();
        try (MbufBurst in = new MbufBurst()) {
            while (peer.receive(0, in) > 0) {
                pool.free(in);
            }
        }
    }

    @Override
    public void close() {
        net.close();
        drain();
        assertEquals(pool.capacity(), pool.available(), "every mbuf is back in the pool");
        burst.close();
        pool.close();
    }
}
