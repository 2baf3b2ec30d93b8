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
import dev.lightpath.wire.Ipv4Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TCP handing the port packets longer than the MSS to cut (TSO): what each packet tells the port (flags, segment
 * size, header lengths, the chain, the pseudo-header sum without the length), and a download through a port that
 * cuts them as a NIC does arriving byte-exact at a peer that never sees a segment longer than the MSS. Without
 * TSO the same download goes out in segments of one MSS.
 */
class TcpSegmentationOffloadTest {
    private static final long SERVER_MAC = 0x02_00_00_00_00_01L;
    private static final long CLIENT_MAC = 0x02_00_00_00_00_02L;
    private static final int SERVER_IP = Ipv4Address.parse("198.18.10.1");
    private static final int CLIENT_IP = Ipv4Address.parse("198.18.10.2");
    private static final int TSO_BYTES = 65535 - 120;
    /** 1460 less the 12 bytes of the timestamp option every segment carries. */
    private static final int MSS = 1448;

    private final MemoryPool pool = new MemoryPool(8192);
    private final SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(10));
    private final MemoryPort[] cable = MemoryPort.pair(SERVER_MAC, CLIENT_MAC, 4096);
    private final SegmentingPort serverPort = new SegmentingPort(cable[0], pool);
    /** The client's end delivers frames longer than 512 bytes chained, as a port with small buffers does. */
    private final ScatteringPort clientPort = new ScatteringPort(cable[1], pool, 512);
    private final MbufBurst burst = new MbufBurst();
    private final Arena arena = Arena.ofShared();
    private NetStack serverNet;
    private NetStack clientNet;
    private TcpStack serverTcp;
    private TcpStack clientTcp;

    private void build(int tsoBytes) {
        serverNet = net(SERVER_MAC, SERVER_IP, serverPort);
        clientNet = net(CLIENT_MAC, CLIENT_IP, clientPort);
        serverTcp = tcp(serverNet, tsoBytes, 1);
        clientTcp = tcp(clientNet, 0, 2);
    }

    private NetStack net(long mac, int ip, PacketPort port) {
        return new NetStack(new InterfaceConfig(mac, ip, 24, 0, EthernetFrame.UNTAGGED, 1500), NetSettings.defaults(),
                port, 0, pool);
    }

    private TcpStack tcp(NetStack net, int tsoBytes, long seed) {
        TcpConfig config = new TcpConfig();
        config.segmentationOffloadBytes = tsoBytes;
        config.receiveWindow = 4 << 20;
        TcpStack stack = new TcpStack(config, pool, net, clock, seed);
        net.register(Ipv4Packet.PROTOCOL_TCP, stack);
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
        assertEquals(pool.capacity(), pool.available(), "every buffer of every chain is back in the pool");
        serverPort.close();
        burst.close();
        pool.close();
        arena.close();
    }

    @Test
    void packetsLongerThanTheMssCarryWhatThePortNeedsToCutThem() {
        build(TSO_BYTES);
        byte[] download = download(1 << 20, 31);
        List<SegmentingPort.Handed> tso = serverPort.handed.stream()
                .filter(h -> (h.flags() & Mbuf.TX_TCP_SEG) != 0).toList();
        assertFalse(tso.isEmpty(), "some packets were longer than the MSS");
        int pseudo = Checksum.fold(Checksum.pseudoHeader(SERVER_IP, CLIENT_IP, Ipv4Packet.PROTOCOL_TCP, 0));
        for (SegmentingPort.Handed h : tso) {
            assertEquals(Mbuf.TX_TCP_SEG | Mbuf.TX_TCP_CKSUM | Mbuf.TX_IPV4, h.flags(), "no IPv4 checksum asked "
                    + "of a port that does not offer it");
            assertEquals(MSS, h.tsoSegmentSize());
            assertEquals(14, h.l2());
            assertEquals(20, h.l3());
            assertEquals(32, h.l4(), "the TCP header with its timestamps");
            assertTrue(h.packetLength() - 66 > MSS && h.packetLength() - 66 <= TSO_BYTES, "" + h.packetLength());
            assertEquals(h.packetLength() - 14, h.ipTotalLength());
            assertEquals((h.packetLength() + 2047) / 2048, h.segments(), "chained over 2 kB buffers, the first "
                    + "with the headers: " + h);
            assertEquals(pseudo, h.pseudoHeaderSum(), "the pseudo-header sum without the length");
        }
        int longest = tso.stream().mapToInt(h -> h.packetLength() - 66).max().orElse(0);
        // The initial window leaves as one packet; after it, each ACK releases what it opened.
        assertEquals(10 * MSS, longest, "packets of many segments: the longest of " + tso.size());
        assertEquals(tso.size(), serverTcp.counters().tsoPackets);
        assertTrue(serverTcp.counters().tsoSegments > 2L * tso.size());
        assertTrue(serverPort.wireSegments > 2 * serverPort.handed.size(), "fewer packets to the port than segments "
                + "on the wire: " + serverPort.handed.size() + " vs " + serverPort.wireSegments);
        assertEquals(0, clientNet.counters().drops());
        assertTrue(clientNet.counters().rxBytes > download.length);
    }

    @Test
    void withoutTsoEverySegmentCarriesOneMssAtMost() {
        build(0);
        download(256 << 10, 32);
        for (SegmentingPort.Handed h : serverPort.handed) {
            assertEquals(0, h.flags() & Mbuf.TX_TCP_SEG);
            assertEquals(1, h.segments());
            assertTrue(h.packetLength() - 66 <= MSS, "" + h.packetLength());
        }
        assertEquals(0, serverTcp.counters().tsoPackets);
        assertEquals(serverPort.handed.size(), serverPort.wireSegments);
    }

    @Test
    void buildingTsoPacketsAndTakingChainedFramesAllocatesNothing() {
        build(TSO_BYTES);
        serverPort.recording = false;
        long content = NativeRegions.register(arena.allocate(1 << 16), "test content").address();
        StreamingSender sender = new StreamingSender(content, 1 << 16);
        ByteCounter counter = new ByteCounter();
        serverTcp.listen(80, sender, 16);
        clientTcp.connect(SERVER_IP, 80, CLIENT_IP, 40000, counter);
        // Rounds long enough for the JIT to have finished with the path in the first, which only warms it.
        long allocated = dev.lightpath.testing.Allocations.fewestBytes(5, () -> {
            for (int i = 0; i < 5_000; i++) {
                cycle();
            }
        });
        assertTrue(counter.bytes > 10L << 20, "a stream ran: " + counter.bytes);
        assertTrue(serverTcp.counters().tsoPackets > 1_000, "as TSO packets: " + serverTcp.counters().tsoPackets);
        assertTrue(clientNet.counters().rxChained > 1_000, "received chained: " + clientNet.counters().rxChained);
        assertEquals(0, allocated, "bytes allocated by 5,000 cycles of a TSO stream received chained");
    }

    /** Sends the same bytes again and again, as long as the connection takes them. */
    private static final class StreamingSender extends Collector {
        private final long content;
        private final int length;

        StreamingSender(long content, int length) {
            super(content, 0);
            this.content = content;
            this.length = length;
        }

        @Override
        public void onOpen(dev.lightpath.tcp.TcpStream stream) {
            onSendSpace(stream);
        }

        @Override
        public void onSendSpace(dev.lightpath.tcp.TcpStream stream) {
            while (stream.sendReference(content, length)) {
                // queued; the send queue pushes back when full
            }
            stream.wantSendSpace();
        }
    }

    /** Counts what arrives, allocating nothing. */
    private static final class ByteCounter extends Collector {
        long bytes;

        ByteCounter() {
            super(0, 0);
        }

        @Override
        public void onData(dev.lightpath.tcp.TcpStream stream, long address, int length) {
            bytes += length;
        }
    }

    /** The server sends {@code length} random bytes on open; asserts they arrive byte-exact and returns them. */
    private byte[] download(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        long at = NativeRegions.register(arena.allocate(length), "test content").address();
        NativeMemory.copy(content, 0, at, length);
        Collector atClient = new Collector(at, 0);
        Collector atServer = new Collector(at, length);
        serverTcp.listen(80, atServer, 16);
        clientTcp.connect(SERVER_IP, 80, CLIENT_IP, 40000, atClient);
        for (int cycle = 0; cycle < 50_000 && atClient.received.size() < length; cycle++) {
            cycle();
        }
        assertArrayEquals(content, atClient.received.toByteArray(), "the download, byte-exact");
        return content;
    }

    private void cycle() {
        long now = clock.nanos();
        clientPort.receive(0, burst);
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
