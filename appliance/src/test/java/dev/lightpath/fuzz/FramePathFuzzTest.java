package dev.lightpath.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.echo.TcpEcho;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6Output;
import dev.lightpath.net.Ipv6Config;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv4Packet;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Arbitrary Ethernet frames into one core's whole stack (Ethernet, ARP, IPv4, ICMP, IPv6, ICMPv6 and Neighbour
 * Discovery, TCP, and HTTP and echo above it) through the in-memory port, with simulated time passing between them. Nothing may throw or hang,
 * and once TCP has aborted every connection and the network layer has closed, every mbuf must be back in
 * the pool, and every buffer the HTTP server lent. Everything the stack sends is checked on the way out
 * ({@link SentFrameChecker}): within the MTU and the MSS, checksums that verify, a bounded number of frames
 * per input frame.
 *
 * <p>Input layout: a sequence of records, each a control byte, a two-byte big-endian length and that many
 * frame bytes. Control bits: 0x01 fix the IPv4 header checksum (cutting a total length longer than the frame; for
 * IPv6, the payload length), 0x02 fix the TCP, UDP, ICMP or ICMPv6 checksum, 0x04 the TCP sequence field is an offset from the stack's last acknowledgement, 0x08 the
 * acknowledgement field an offset from the stack's next sequence number (so the fuzzer can complete
 * handshakes and stay in the window), bits 4-6 pick how long to let pass after the frame, and 0x80 makes the
 * sequence field of a TCP segment that an ICMP or ICMPv6 error quotes an offset from the stack's next sequence
 * number (so a "fragmentation needed" or a Packet Too Big can name a segment in flight: path MTU discovery).
 */
class FramePathFuzzTest {
    static final long OUR_MAC = 0x02_00_00_00_00_01L;
    static final int OUR_IP = Ipv4Address.parse("198.18.0.1");
    static final int GATEWAY = Ipv4Address.parse("198.18.0.254");
    /** Our IPv6 address: it passes duplicate address detection after a second of the input's time. */
    static final String OUR_IPV6 = "2001:db8::1/64";
    static final String GATEWAY_IPV6 = "2001:db8::fe";
    static final long[] PAUSES = {0, 1_000_000L, 40_000_000L, 200_000_000L, 1_000_000_000L, 3_000_000_000L,
            10_000_000_000L, 70_000_000_000L};
    private static final int MAX_FRAMES = 64;
    private static final int MAX_FRAME = 1514;

    private static final MemoryPool POOL = new MemoryPool(1024);
    private static final MemoryPort[] CABLE = MemoryPort.pair(OUR_MAC, 0x02_00_00_00_00_02L);
    private static final SimulatedClock CLOCK = new SimulatedClock(1_000_000_000L);
    private static final HttpSettings HTTP = FuzzedServer.settings();
    private static final TcpConfig TCP_CONFIG = tcpConfig();
    /** TCP sends through whichever network layer the current input built. */
    private static NetStack net;
    private static final Output OUTPUT = new Output();
    /** TCP and the applications live across inputs, as they do across connections: they must come back clean. */
    private static final TcpStack TCP = new TcpStack(TCP_CONFIG, POOL, OUTPUT, CLOCK, 0x5eed);

    /** Both families' output of whichever network layer the current input built. */
    private static final class Output implements Ipv4Output, Ipv6Output {
        @Override
        public boolean send(long mbuf, int source, int destination, int protocol) {
            return net.send(mbuf, source, destination, protocol);
        }

        @Override
        public boolean send6(long mbuf, long destinationHigh, long destinationLow, int protocol) {
            return net.send6(mbuf, destinationHigh, destinationLow, protocol);
        }

        @Override
        public boolean send6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                             int protocol) {
            return net.send6(mbuf, sourceHigh, sourceLow, destinationHigh, destinationLow, protocol);
        }

        @Override
        public boolean usable6() {
            return net.usable6();
        }

        @Override
        public long addressHigh6() {
            return net.addressHigh6();
        }

        @Override
        public long addressLow6() {
            return net.addressLow6();
        }
    }
    private static final HttpServer SERVER = FuzzedServer.create(HTTP, TCP_CONFIG.tableCapacity);
    private static final TcpEcho ECHO = new TcpEcho(TCP_CONFIG.tableCapacity, 2, 4096);
    private static final PeerSegments PEER = new PeerSegments();
    private static final MbufBurst BURST = new MbufBurst();
    /**
     * Frames one input frame or one step of time may draw: the handful of segments a window opening releases on
     * each of the table's connections, their ACKs and resets, far below what an amplification or an ACK war
     * would send.
     */
    private static final int MAX_FRAMES_PER_STEP = 256;
    private static final SentFrameChecker CHECKER = new SentFrameChecker(1500, TCP_CONFIG.mss, MAX_FRAMES_PER_STEP);

    static {
        TCP.listen(HTTP.port, SERVER, TCP_CONFIG.synBacklog);
        TCP.listen(TcpEcho.PORT, ECHO, TCP_CONFIG.synBacklog);
    }

    private static TcpConfig tcpConfig() {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 8;
        config.synBacklog = 2;
        config.sendCopyBytes = 4096;
        config.sendQueueEntries = 16;
        config.maxOutOfOrderSegments = 4;
        config.maxOutOfOrderBytes = 8192;
        config.timeWaitNanos = 2_000_000_000L;
        config.keepAlive = true;
        config.keepAliveIdleNanos = 5_000_000_000L;
        config.keepAliveIntervalNanos = 1_000_000_000L;
        config.keepAliveCount = 2;
        config.maxRetransmissions = 3;
        return config;
    }

    @FuzzTest
    void frames(byte[] data) {
        int poolStart = POOL.available();
        CLOCK.advanceNanos(100_000_000_000L);
        net = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, GATEWAY, EthernetFrame.UNTAGGED, 1500)
                .withIpv6(Ipv6Config.parse(OUR_IPV6, GATEWAY_IPV6)), NetSettings.defaults(), CABLE[0], 0, POOL);
        net.register(Ipv4Packet.PROTOCOL_TCP, TCP);
        PEER.clear();
        cycle();

        int p = 0;
        for (int frames = 0; frames < MAX_FRAMES && p + 3 <= data.length; frames++) {
            int control = data[p] & 0xff;
            int length = Math.min(Math.min((data[p + 1] & 0xff) << 8 | data[p + 2] & 0xff, MAX_FRAME), data.length - p - 3);
            byte[] frame = Arrays.copyOfRange(data, p + 3, p + 3 + length);
            p += 3 + length;
            PEER.repair(frame, (control & 0x04) != 0, (control & 0x08) != 0, (control & 0x02) != 0,
                    (control & 0x01) != 0, (control & 0x80) != 0);
            long mbuf = POOL.allocate();
            if (mbuf == 0) {
                throw new AssertionError("the pool ran dry: " + POOL.capacity() + " mbufs for " + frames + " frames");
            }
            NativeMemory.copy(frame, 0, Mbuf.data(mbuf), frame.length);
            Mbuf.length(mbuf, frame.length);
            CABLE[0].inject(mbuf);
            cycle();
            long pause = PAUSES[(control >>> 4) & 7];
            if (pause > 0) {
                CLOCK.advanceNanos(pause);
                cycle();
            }
        }

        CHECKER.step();
        TCP.abortAll();
        net.flush();
        collectSent();
        net.close();
        collectSent();
        assertEquals(0, TCP.activeConnections(), "connections left after abortAll");
        assertEquals(HTTP.buffers, SERVER.spareBufferCount(), "an HTTP buffer was not given back");
        assertEquals(poolStart, POOL.available(), "mbufs leaked");
    }

    /** One turn of the worker's loop: receive, timers, applications, transmit; then the peer takes what was sent. */
    private static void cycle() {
        CHECKER.step();
        long now = CLOCK.nanos();
        while (CABLE[0].receive(0, BURST) > 0) {
            net.process(BURST, now);
        }
        net.poll(now);
        TCP.poll(now);
        SERVER.poll(now);
        net.flush();
        collectSent();
    }

    private static void collectSent() {
        while (CABLE[1].receive(0, BURST) > 0) {
            for (int i = 0; i < BURST.count(); i++) {
                long mbuf = BURST.get(i);
                CHECKER.check(mbuf);
                byte[] frame = new byte[Mbuf.dataLength(mbuf)];
                NativeMemory.copy(Mbuf.data(mbuf), frame, 0, frame.length);
                PEER.sent(frame);
                POOL.free(mbuf);
            }
            BURST.clear();
        }
    }
}
