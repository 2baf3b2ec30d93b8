package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv4Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TCP over jumbo frames that each end's port delivers as chains of 512-byte segments, as a port with scattered
 * receive and small buffers does: both directions arrive byte-exact, every chain is taken into one buffer and
 * freed, and what cannot be taken whole is dropped and counted, never truncated.
 */
class ScatteredReceiveTest {
    private static final long SERVER_MAC = 0x02_00_00_00_00_01L;
    private static final long CLIENT_MAC = 0x02_00_00_00_00_02L;
    private static final int SERVER_IP = Ipv4Address.parse("198.18.9.1");
    private static final int CLIENT_IP = Ipv4Address.parse("198.18.9.2");
    private static final int MTU = 9000;
    private static final int SEGMENT = 512;

    private final MemoryPool pool = new MemoryPool(4096, MTU + 200);
    private final SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(10));
    private final MemoryPort[] cable = MemoryPort.pair(SERVER_MAC, CLIENT_MAC);
    private final ScatteringPort serverPort = new ScatteringPort(cable[0], pool, SEGMENT);
    private final ScatteringPort clientPort = new ScatteringPort(cable[1], pool, SEGMENT);
    private final NetStack serverNet = net(SERVER_MAC, SERVER_IP, serverPort);
    private final NetStack clientNet = net(CLIENT_MAC, CLIENT_IP, clientPort);
    private final TcpStack serverTcp = tcp(serverNet, 1);
    private final TcpStack clientTcp = tcp(clientNet, 2);
    private final MbufBurst burst = new MbufBurst();
    private final Arena arena = Arena.ofShared();

    private NetStack net(long mac, int ip, ScatteringPort port) {
        return new NetStack(new InterfaceConfig(mac, ip, 24, 0, EthernetFrame.UNTAGGED, MTU), NetSettings.defaults(),
                port, 0, pool);
    }

    private TcpStack tcp(NetStack net, long seed) {
        TcpConfig config = new TcpConfig();
        config.mss = MTU - 40;
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
        assertEquals(pool.capacity(), pool.available(), "every segment of every chain is back in the pool");
        burst.close();
        pool.close();
        arena.close();
    }

    @Test
    void jumboSegmentsReceivedAsChainsArriveByteExactBothWays() {
        byte[] download = random(700_000, 17);
        byte[] upload = random(150_000, 18);
        long downloadAt = native_(download);
        long uploadAt = native_(upload);
        Collector atClient = new Collector(uploadAt, upload.length);
        Collector atServer = new Collector(downloadAt, download.length);
        serverTcp.listen(80, atServer, 16);
        clientTcp.connect(SERVER_IP, 80, CLIENT_IP, 40000, atClient);
        for (int cycle = 0; cycle < 20_000 && (atClient.received.size() < download.length
                || atServer.received.size() < upload.length); cycle++) {
            cycle();
        }
        assertArrayEquals(download, atClient.received.toByteArray(), "the download, byte-exact");
        assertArrayEquals(upload, atServer.received.toByteArray(), "the upload, byte-exact");

        NetCounters client = clientNet.counters();
        assertTrue(client.rxChained > download.length / MTU, "jumbo segments came in chained: " + client.rxChained);
        assertEquals(clientPort.chainsMade, client.rxChained, "every chain the port made was taken");
        assertTrue(client.rxChainSegments >= client.rxChained * (MTU / SEGMENT), "many segments each: "
                + client.rxChainSegments + " in " + client.rxChained);
        assertEquals(serverPort.chainsMade, serverNet.counters().rxChained);
        assertEquals(0, client.drops() + serverNet.counters().drops());
        assertTrue(clientTcp.counters().segmentsReceived > 0);
    }

    @Test
    void aChainLongerThanOneBufferIsDroppedAndFreedWhole() {
        int available = pool.available();
        long head = chain(pool.dataRoom() + 1);
        cable[1].inject(head);
        cycle();
        assertEquals(1, clientNet.counters().dropChainTooLong);
        assertEquals(0, clientNet.counters().rxChained);
        assertEquals(available, pool.available(), "the whole chain went back");
    }

    @Test
    void aChainWhoseSegmentsDisagreeWithItsHeadIsDroppedAndFreedWhole() {
        int available = pool.available();
        long head = chain(3000);
        Mbuf.packetLength(head, 3100);
        cable[1].inject(head);
        cycle();
        assertEquals(1, clientNet.counters().dropChainMalformed);
        assertEquals(available, pool.available());
    }

    /** A chain of 1000-byte segments holding {@code length} bytes (a frame's worth of zeros: never parsed). */
    private long chain(int length) {
        long head = 0;
        long last = 0;
        for (int at = 0; at < length; at += 1000) {
            long segment = pool.allocate();
            Mbuf.length(segment, Math.min(1000, length - at));
            if (head == 0) {
                head = segment;
                last = segment;
            } else {
                last = Mbuf.append(head, last, segment);
            }
        }
        return head;
    }

    private void cycle() {
        long now = clock.nanos();
        for (NetStack net : new NetStack[] {clientNet, serverNet}) {
            ScatteringPort port = net == clientNet ? clientPort : serverPort;
            port.receive(0, burst);
            net.process(burst, now);
            net.poll(now);
        }
        clientTcp.poll(now);
        serverTcp.poll(now);
        clientNet.flush();
        serverNet.flush();
        clock.advance(100, TimeUnit.MICROSECONDS);
    }

    private long native_(byte[] bytes) {
        long at = NativeRegions.register(arena.allocate(bytes.length), "test content").address();
        NativeMemory.copy(bytes, 0, at, bytes.length);
        return at;
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
