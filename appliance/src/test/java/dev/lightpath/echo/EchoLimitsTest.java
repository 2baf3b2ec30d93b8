package dev.lightpath.echo;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.engine.StackPair;
import dev.lightpath.io.Impairment;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.UdpDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The echo services hold nothing for ever and reflect nothing without bound: a TCP echo connection that goes
 * quiet is closed after the idle timeout (and one that keeps talking is not); UDP datagrams from service
 * ports (below 1024) are dropped, so two echo-like services cannot answer each other for ever, and each
 * source gets its rate and no more. Time is simulated.
 */
@Timeout(60)
class EchoLimitsTest {
    static final int SERVER_IP = Ipv4Address.parse("198.18.0.1");
    static final int CLIENT_IP = Ipv4Address.parse("198.18.0.2");

    /** A client that records what comes back and when the connection ends. */
    static final class Client implements StreamHandler {
        TcpStream stream;
        long received;
        boolean peerClosed;
        CloseReason closed;

        @Override
        public void onOpen(TcpStream s) {
            stream = s;
        }

        @Override
        public void onData(TcpStream s, long address, int length) {
            received += length;
        }

        @Override
        public void onSendSpace(TcpStream s) {
        }

        @Override
        public void onPeerClosed(TcpStream s) {
            peerClosed = true;
            s.close();
        }

        @Override
        public void onClosed(TcpStream s, CloseReason reason) {
            closed = reason;
        }
    }

    /** A server engine with TCP echo (its timers polled as the appliance polls them) and a client engine. */
    static final class Link implements AutoCloseable {
        final StackPair pair;
        final Arena arena = Arena.ofConfined();
        final TcpEcho echo;
        final TcpStack serverTcp;
        final TcpStack clientTcp;
        final long message;

        Link(long idleTimeoutNanos) {
            TcpConfig config = new TcpConfig();
            config.tableCapacity = 16;
            // The server closes idle connections first, so they pass through TIME-WAIT: keep it short.
            config.timeWaitNanos = TimeUnit.SECONDS.toNanos(1);
            pair = new StackPair(1024, TimeUnit.SECONDS.toNanos(100), Impairment.NONE, Impairment.NONE, config, 11, 12);
            serverTcp = pair.serverTcp;
            clientTcp = pair.clientTcp;
            echo = new TcpEcho(config.tableCapacity, 2, 1 << 14, idleTimeoutNanos);
            serverTcp.listen(TcpEcho.PORT, echo, config.synBacklog);
            pair.start(1, new EchoApplication(null, echo), 2, null);
            message = NativeRegions.register(arena.allocate(16), "test memory").address();
            NativeMemory.copy("hello\n".getBytes(), 0, message, 6);
        }

        void run(long millis) {
            pair.runMillis(Math.toIntExact(millis));
        }

        Client open(int localPort) {
            Client c = new Client();
            assertNotNull(clientTcp.connect(StackPair.SERVER_IP, TcpEcho.PORT, StackPair.CLIENT_IP, localPort, c));
            // The first SYN waits for ARP; the handshake may take a retransmission (1 s).
            for (int t = 0; t < 5000 && c.stream == null; t++) {
                run(1);
            }
            assertNotNull(c.stream, "connected");
            return c;
        }

        long counter(String name) {
            Map<String, Long> counters = new TreeMap<>();
            echo.forEach(counters::put);
            return counters.get(name);
        }

        @Override
        public void close() {
            pair.close();
            arena.close();
        }
    }

    @Test
    void aQuietConnectionIsClosedAfterTheIdleTimeoutAndATalkingOneIsNot() {
        try (Link link = new Link(TimeUnit.SECONDS.toNanos(2))) {
            Client quiet = link.open(40001);
            Client talking = link.open(40002);
            quiet.stream.sendCopy(link.message, 6);
            for (int second = 0; second < 8; second++) {
                talking.stream.sendCopy(link.message, 6);
                link.run(1000);
                if (second == 0) {
                    assertFalse(quiet.peerClosed, "one second of quiet is within the timeout");
                }
            }
            assertEquals(6, quiet.received, "echoed before it went quiet");
            assertTrue(quiet.peerClosed, "the server closed the quiet connection");
            assertEquals(StreamHandler.CloseReason.NORMAL, quiet.closed, "with a FIN, not a reset");
            assertFalse(talking.peerClosed, "a connection that keeps talking stays open");
            assertEquals(48, talking.received);
            assertEquals(1, link.counter("tcp.echo.idle_closed"));
            assertEquals(1, link.serverTcp.activeConnections(), "the quiet one's slot is free (TIME-WAIT over)");
        }
    }

    @Test
    void theTimeoutIsCountedFromTheLastTraffic() {
        try (Link link = new Link(TimeUnit.SECONDS.toNanos(2))) {
            Client client = link.open(40003);
            link.run(1500);
            client.stream.sendCopy(link.message, 6);
            link.run(1500);
            assertFalse(client.peerClosed, "1.5 s after the last bytes");
            link.run(1200);
            assertTrue(client.peerClosed, "2.7 s after the last bytes (the sweep looks every 100 ms)");
        }
    }

    @Test
    void noTimeoutMeansNone() {
        try (Link link = new Link(0)) {
            Client client = link.open(40004);
            link.run(120_000);
            assertFalse(client.peerClosed);
            assertEquals(0, link.counter("tcp.echo.idle_closed"));
        }
    }

    /** Records what the UDP echo sends, and frees it. */
    static final class Sent implements Ipv4Output {
        final MemoryPool pool;
        final List<Integer> destinations = new ArrayList<>();
        final List<Integer> destinationPorts = new ArrayList<>();

        Sent(MemoryPool pool) {
            this.pool = pool;
        }

        @Override
        public boolean send(long mbuf, int source, int destination, int protocol) {
            destinations.add(destination);
            destinationPorts.add(NativeMemory.getU16Be(Mbuf.data(mbuf) + 2));
            pool.free(mbuf);
            return true;
        }
    }

    static void datagram(UdpEcho echo, MemoryPool pool, int source, int sourcePort) {
        long mbuf = pool.allocate();
        Mbuf.dataOffset(mbuf, Mbuf.HEADROOM);
        Mbuf.length(mbuf, UdpDatagram.HEADER_LENGTH + 4);
        UdpDatagram.write(Mbuf.data(mbuf), sourcePort, UdpEcho.PORT, 4);
        NativeMemory.putI32(Mbuf.data(mbuf) + UdpDatagram.HEADER_LENGTH, 0x70696e67);
        echo.receive(mbuf, source, SERVER_IP);
    }

    static Map<String, Long> counters(UdpEcho echo) {
        Map<String, Long> counters = new TreeMap<>();
        echo.forEach(counters::put);
        return counters;
    }

    @Test
    void datagramsFromServicePortsAreNotEchoed() {
        try (MemoryPool pool = new MemoryPool(64)) {
            Sent sent = new Sent(pool);
            UdpEcho echo = new UdpEcho(sent, pool);
            // echo, discard, daytime, chargen, DNS, NTP, and the edges of the range
            for (int port : new int[] {0, 7, 9, 13, 19, 53, 123, 1023}) {
                datagram(echo, pool, CLIENT_IP, port);
            }
            datagram(echo, pool, CLIENT_IP, 1024);
            datagram(echo, pool, CLIENT_IP, 40000);
            assertEquals(List.of(1024, 40000), sent.destinationPorts, "only client ports are answered");
            assertEquals(8, counters(echo).get("udp.echo.drop.privileged_port"));
            assertEquals(2, counters(echo).get("udp.echo.datagrams"));
            assertEquals(64, pool.available(), "every dropped datagram freed");
        }
    }

    @Test
    void eachSourceGetsItsRateAndNoMore() {
        SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(5));
        EchoSettings settings = new EchoSettings();
        settings.udpRatePerSource = 100;
        try (MemoryPool pool = new MemoryPool(64)) {
            Sent sent = new Sent(pool);
            UdpEcho echo = new UdpEcho(sent, pool, settings, clock, 0x5eed);
            int victim = Ipv4Address.parse("198.18.0.50");
            int other = Ipv4Address.parse("198.18.0.51");
            // A burst of 1000 forged to come from one address: one second's worth (100) gets through.
            for (int i = 0; i < 1000; i++) {
                datagram(echo, pool, victim, 40000);
            }
            assertEquals(100, sent.destinations.size());
            assertEquals(900, counters(echo).get("udp.echo.drop.rate_limited"));
            // Another source is not held back by the first one's empty bucket.
            datagram(echo, pool, other, 40000);
            assertEquals(other, sent.destinations.getLast());
            // Then a steady 1000 a second for 10 s: 100 a second get through, no more.
            int before = sent.destinations.size();
            for (int i = 0; i < 10_000; i++) {
                clock.advance(1, TimeUnit.MILLISECONDS);
                datagram(echo, pool, victim, 40000);
            }
            int echoed = sent.destinations.size() - before;
            assertTrue(echoed >= 1000 && echoed <= 1001, "100/s over 10 s: " + echoed);
            // After a quiet second the bucket is full again.
            clock.advance(1, TimeUnit.SECONDS);
            before = sent.destinations.size();
            for (int i = 0; i < 150; i++) {
                datagram(echo, pool, victim, 40000);
            }
            assertEquals(100, sent.destinations.size() - before);
            assertEquals(64, pool.available());
        }
    }

    @Test
    void theBucketTableIsFixedWhateverTheNumberOfSources() {
        SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(5));
        EchoSettings settings = new EchoSettings();
        settings.udpRatePerSource = 10;
        settings.udpRateBuckets = 64;
        try (MemoryPool pool = new MemoryPool(64)) {
            Sent sent = new Sent(pool);
            UdpEcho echo = new UdpEcho(sent, pool, settings, clock, 0x5eed);
            // 10 000 different sources, one datagram each: the table does not grow, and at most 64 buckets x 10
            // datagrams go out, however the sources hash.
            for (int i = 0; i < 10_000; i++) {
                datagram(echo, pool, Ipv4Address.parse("198.18.0.0") + i, 40000);
            }
            assertTrue(sent.destinations.size() <= 640, "echoed " + sent.destinations.size());
            assertTrue(sent.destinations.size() >= 600, "nearly every bucket used: " + sent.destinations.size());
        }
        settings.udpRateBuckets = 100;
        assertThrows(IllegalArgumentException.class,
                () -> new UdpEcho((m, s, d, p) -> true, new MemoryPool(1), settings, clock, 1));
    }
}
