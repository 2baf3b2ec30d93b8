package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TCP over IPv6 through a port that offers TCP checksum offload (and TSO): every segment is handed to the port
 * flagged IPv6 and TCP checksum, with the header lengths and the pseudo-header sum DPDK asks for (with the length,
 * or without it for a packet the port cuts), and the port completing them as a NIC would brings a download to a
 * peer that checks every checksum itself byte-exact.
 */
class Ipv6ChecksumOffloadTest {
    private static final long SERVER_MAC = 0x02_00_00_00_00_01L;
    private static final long CLIENT_MAC = 0x02_00_00_00_00_02L;
    private static final long[] SERVER = Ipv6Address.parse("2001:db8:10::1");
    private static final long[] CLIENT = Ipv6Address.parse("2001:db8:10::2");
    private static final int TSO_BYTES = 65535 - 120;
    /** 1500 less the IPv6 and TCP headers, and the 12 bytes of the timestamp option every segment carries. */
    private static final int MSS = 1428;
    private static final int HEADERS = 14 + 40 + 32;

    private final MemoryPool pool = new MemoryPool(8192);
    private final SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(10));
    private final MemoryPort[] cable = MemoryPort.pair(SERVER_MAC, CLIENT_MAC, 4096);
    private final SegmentingPort serverPort = new SegmentingPort(cable[0], pool);
    private final MbufBurst burst = new MbufBurst();
    private final Arena arena = Arena.ofShared();
    private NetStack serverNet;
    private NetStack clientNet;
    private TcpStack serverTcp;
    private TcpStack clientTcp;

    private void build(int tsoBytes) {
        serverNet = net(SERVER_MAC, "198.18.10.1", SERVER, serverPort);
        clientNet = net(CLIENT_MAC, "198.18.10.2", CLIENT, cable[1]);
        serverTcp = tcp(serverNet, tsoBytes, 1);
        clientTcp = tcp(clientNet, 0, 2);
        // Both addresses through duplicate address detection before the first segment.
        for (int i = 0; i < 3; i++) {
            cycle();
            clock.advance(600, TimeUnit.MILLISECONDS);
        }
        assertTrue(serverNet.usable6() && clientNet.usable6());
    }

    private NetStack net(long mac, String ip, long[] ip6, PacketPort port) {
        return new NetStack(new InterfaceConfig(mac, Ipv4Address.parse(ip), 24, 0, EthernetFrame.UNTAGGED, 1500)
                .withIpv6(new Ipv6Config(ip6[0], ip6[1], 64, 0, 0)), NetSettings.defaults(), port, 0, pool);
    }

    private TcpStack tcp(NetStack net, int tsoBytes, long seed) {
        TcpConfig config = new TcpConfig();
        config.segmentationOffloadBytes = tsoBytes;
        config.receiveWindow = 4 << 20;
        TcpStack stack = new TcpStack(config, pool, net, clock, seed);
        net.register(TcpStack.PROTOCOL, stack);
        return stack;
    }

    @AfterEach
    void tearDown() {
        serverTcp.abortAll();
        clientTcp.abortAll();
        serverNet.close();
        clientNet.close();
        for (MemoryPort end : cable) {
            while (end.receive(0, burst) > 0) {
                pool.free(burst);
            }
        }
        assertEquals(pool.capacity(), pool.available(), "every buffer is back in the pool");
        serverPort.close();
        burst.close();
        pool.close();
        arena.close();
    }

    @Test
    void everySegmentLeavesTheChecksumToThePortWithTheIpv6PseudoHeaderSum() {
        build(0);
        download(256 << 10, 41);
        List<SegmentingPort.Handed> tcp = tcpPackets();
        assertTrue(tcp.size() > 180, "the download's segments: " + tcp.size());
        for (SegmentingPort.Handed h : tcp) {
            assertEquals(Mbuf.TX_TCP_CKSUM | Mbuf.TX_IPV6, h.flags(), "IPv6 and TCP checksum, nothing of IPv4's");
            assertEquals(14, h.l2());
            assertEquals(40, h.l3());
            int tcpLength = h.packetLength() - 54;
            assertEquals(Checksum.fold(Checksum.pseudoHeader6(SERVER[0], SERVER[1], CLIENT[0], CLIENT[1], 6,
                    tcpLength)), h.pseudoHeaderSum(), "the pseudo-header sum with the length, folded, not inverted");
        }
        assertEquals(tcp.size(), serverNet.counters().ipv6.txChecksumByPort);
        assertEquals(0, clientNet.counters().ipv6.dropChecksum, "every checksum the port completed verifies");
    }

    @Test
    void packetsThePortCutsCarryTheSumWithoutTheLengthAndTheirHeaderLengths() {
        build(TSO_BYTES);
        download(1 << 20, 42);
        List<SegmentingPort.Handed> tso = tcpPackets().stream()
                .filter(h -> (h.flags() & Mbuf.TX_TCP_SEG) != 0).toList();
        assertFalse(tso.isEmpty(), "some packets were longer than the MSS");
        int withoutLength = Checksum.fold(Checksum.pseudoHeader6(SERVER[0], SERVER[1], CLIENT[0], CLIENT[1], 6, 0));
        for (SegmentingPort.Handed h : tso) {
            assertEquals(Mbuf.TX_TCP_SEG | Mbuf.TX_TCP_CKSUM | Mbuf.TX_IPV6, h.flags());
            assertEquals(MSS, h.tsoSegmentSize());
            assertEquals(14, h.l2());
            assertEquals(40, h.l3());
            assertEquals(32, h.l4(), "the TCP header with its timestamps");
            assertEquals(h.packetLength() - 14, h.ipTotalLength(), "the IPv6 payload length over the whole chain");
            assertTrue(h.packetLength() - HEADERS > MSS, "" + h.packetLength());
            assertEquals(withoutLength, h.pseudoHeaderSum(), "the pseudo-header sum without the length");
        }
        assertTrue(serverPort.wireSegments > 2 * serverPort.handed.size(), "fewer packets to the port than segments "
                + "on the wire: " + serverPort.handed.size() + " vs " + serverPort.wireSegments);
        assertEquals(0, clientNet.counters().ipv6.dropChecksum);
    }

    /** The TCP packets handed to the port: all but the Neighbour Discovery messages the server sent. */
    private List<SegmentingPort.Handed> tcpPackets() {
        List<SegmentingPort.Handed> tcp = serverPort.handed.stream()
                .filter(h -> (h.flags() & Mbuf.TX_TCP_CKSUM) != 0).toList();
        Ipv6Counters counters = serverNet.counters().ipv6;
        assertEquals(serverPort.handed.size() - counters.solicitationsOut - counters.advertisementsOut, tcp.size(),
                "every TCP packet left its checksum to the port");
        return tcp;
    }

    /** The server sends {@code length} random bytes on open; asserts they arrive byte-exact. */
    private void download(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        long at = NativeRegions.register(arena.allocate(length), "test content").address();
        NativeMemory.copy(content, 0, at, length);
        Collector atClient = new Collector(at, 0);
        Collector atServer = new Collector(at, length);
        serverTcp.listen(80, atServer, 16);
        assertNotNull(clientTcp.connect6(SERVER[0], SERVER[1], 80, 40000, atClient));
        for (int cycle = 0; cycle < 50_000 && atClient.received.size() < length; cycle++) {
            cycle();
        }
        assertArrayEquals(content, atClient.received.toByteArray(), "the download over IPv6, byte-exact");
    }

    private void cycle() {
        long now = clock.nanos();
        cable[1].receive(0, burst);
        clientNet.process(burst, now);
        clientNet.poll(now);
        serverPort.receive(0, burst);
        serverNet.process(burst, now);
        serverNet.poll(now);
        clientTcp.poll(now);
        serverTcp.poll(now);
        clientNet.flush();
        serverNet.flush();
        clock.advance(100, TimeUnit.MICROSECONDS);
    }
}
