package dev.lightpath.engine;

import dev.lightpath.echo.TcpEcho;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.io.Impairment;
import dev.lightpath.io.ImpairedPort;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client engine and a server engine (net, TCP, echo and HTTP on the server) joined by an in-memory cable with
 * an {@link ImpairedPort} at each end, losing 5-10% of frames each way and reordering, duplicating and corrupting
 * some: echoed transfers and HTTP downloads must stay byte-exact, every connection must close normally, and the
 * pool must get every mbuf back. Time is simulated: each duty cycle is a millisecond.
 */
@Timeout(120)
class ImpairedLinkTest {
    @TempDir
    Path docroot;

    /** The client's application: sends what it is given as space allows, keeps what arrives. */
    static final class Client implements StreamHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        TcpStream stream;
        CloseReason closed;
        long source;
        int length;
        int sent;
        boolean closeWhenSent;

        @Override
        public void onOpen(TcpStream s) {
            stream = s;
            push();
        }

        void push() {
            if (stream != null && sent < length) {
                sent += stream.sendCopy(source + sent, length - sent);
            }
            if (stream != null && sent == length && closeWhenSent) {
                closeWhenSent = false;
                stream.close();
            }
        }

        @Override
        public void onData(TcpStream s, long address, int n) {
            byte[] bytes = new byte[n];
            NativeMemory.copy(address, bytes, 0, n);
            received.writeBytes(bytes);
        }

        @Override
        public void onSendSpace(TcpStream s) {
            push();
        }

        @Override
        public void onPeerClosed(TcpStream s) {
            s.close();
        }

        @Override
        public void onClosed(TcpStream s, CloseReason reason) {
            closed = reason;
            stream = null;
        }
    }

    /** Both engines over one pool and one simulated clock: echo and HTTP on the server, the test on the client. */
    final class Link implements AutoCloseable {
        final StackPair pair;
        final Arena arena = Arena.ofConfined();
        final ImpairedPort serverPort;
        final ImpairedPort clientPort;
        final NetStack serverNet;
        final NetStack clientNet;
        final TcpStack serverTcp;
        final TcpStack clientTcp;
        final HttpServer http;

        Link(Impairment serverSide, Impairment clientSide) throws IOException {
            this(serverSide, clientSide, new TcpConfig());
        }

        /** Both ends with {@code config}, whose table this link sizes. */
        Link(Impairment serverSide, Impairment clientSide, TcpConfig config) throws IOException {
            config.tableCapacity = 64;
            config.timeWaitNanos = TimeUnit.SECONDS.toNanos(2);
            pair = new StackPair(8192, TimeUnit.SECONDS.toNanos(100), serverSide, clientSide, config, 11, 12);
            serverPort = (ImpairedPort) pair.serverPort;
            clientPort = (ImpairedPort) pair.clientPort;
            serverNet = pair.serverNet;
            clientNet = pair.clientNet;
            serverTcp = pair.serverTcp;
            clientTcp = pair.clientTcp;
            TcpEcho echo = new TcpEcho(config.tableCapacity, 4, 1 << 16);
            serverTcp.listen(TcpEcho.PORT, echo, config.synBacklog);
            // A request lost three times behind a lost SYN (base RTO 2 s) takes 2 + 4 + 8 s to arrive; the default
            // 10 s request timeout would rightly close first. This test is about the transport, so wait longer.
            HttpSettings settings = new HttpSettings();
            settings.requestTimeoutNanos = TimeUnit.SECONDS.toNanos(120);
            http = new HttpServer(settings, new Routes(List.of(Route.files("/", StaticContent.load(docroot)))),
                    config.tableCapacity, () -> 1_700_000_000_000L);
            serverTcp.listen(80, http, config.synBacklog);
            pair.start(1, new HttpApplication(http), 2, null);
            pair.runMillis(1);
        }

        long bytes(byte[] content) {
            long a = NativeRegions.register(arena.allocate(Math.max(1, content.length)), "test memory").address();
            NativeMemory.copy(content, 0, a, content.length);
            return a;
        }

        /** Runs until {@code done} or the bound (simulated milliseconds); false when the bound came first. */
        boolean runUntil(java.util.function.BooleanSupplier done, int boundMillis) {
            return pair.runUntil(done, boundMillis);
        }

        Client open(int port, int localPort, byte[] toSend, boolean closeWhenSent) {
            Client c = new Client();
            c.source = bytes(toSend);
            c.length = toSend.length;
            c.closeWhenSent = closeWhenSent;
            assertNotNull(clientTcp.connect(StackPair.SERVER_IP, port, StackPair.CLIENT_IP, localPort, c));
            return c;
        }

        /** Lets every connection finish and TIME-WAIT pass; then nothing but the engines holds an mbuf. */
        void settle() {
            assertTrue(runUntil(() -> serverTcp.activeConnections() == 0 && clientTcp.activeConnections() == 0,
                    30_000), "every connection closed: server " + serverTcp.activeConnections() + ", client "
                    + clientTcp.activeConnections());
            pair.runMillis(100);
        }

        @Override
        public void close() {
            pair.stop();
            assertEquals(0, pair.mbufsMissing(), "every mbuf back in the pool");
            pair.close();
            arena.close();
        }
    }

    static Impairment impairment(long seed) {
        Random draw = new Random(seed);
        return new Impairment(0.05 + 0.05 * draw.nextDouble(), 0.01 + 0.02 * draw.nextDouble(),
                0.01 + 0.01 * draw.nextDouble(), 0.001 + 0.009 * draw.nextDouble(), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void echoStaysByteExactAndClosesUnderImpairment(long seed) throws IOException {
        Impairment serverSide = impairment(seed * 2);
        Impairment clientSide = impairment(seed * 2 + 1);
        try (Link link = new Link(serverSide, clientSide)) {
            byte[][] contents = new byte[3][];
            Client[] clients = new Client[3];
            Random random = new Random(seed);
            for (int i = 0; i < 3; i++) {
                contents[i] = new byte[100_000 + random.nextInt(200_000)];
                random.nextBytes(contents[i]);
                clients[i] = link.open(TcpEcho.PORT, 40_000 + i, contents[i], true);
            }
            assertTrue(link.runUntil(() -> Arrays.stream(clients).allMatch(c -> c.closed != null), 120_000),
                    "all echo connections closed");
            for (int i = 0; i < 3; i++) {
                assertEquals(StreamHandler.CloseReason.NORMAL, clients[i].closed, "connection " + i);
                assertArrayEquals(contents[i], clients[i].received.toByteArray(), "connection " + i + " echoed");
            }
            link.settle();
            assertImpaired(link);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void httpDownloadsStayByteExactUnderImpairment(long seed) throws IOException {
        byte[] big = new byte[400_000];
        new Random(seed).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        Files.writeString(docroot.resolve("index.html"), "<p>hello</p>\n");
        try (Link link = new Link(impairment(seed * 2), impairment(seed * 2 + 1))) {
            for (int i = 0; i < 4; i++) {
                byte[] request = ("GET /big.bin HTTP/1.1\r\nHost: lightpath\r\n\r\nGET /index.html HTTP/1.1\r\n"
                        + "Host: lightpath\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                Client c = link.open(80, 41_000 + i, request, false);
                assertTrue(link.runUntil(() -> c.closed != null, 120_000),
                        "download " + i + " finished: " + diagnosis(link, c));
                assertEquals(StreamHandler.CloseReason.NORMAL, c.closed);
                byte[] response = c.received.toByteArray();
                int first = bodyStart(response, 0);
                assertTrue(new String(response, 0, 15, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
                assertArrayEquals(big, Arrays.copyOfRange(response, first, first + big.length), "big.bin exact");
                int second = bodyStart(response, first + big.length);
                assertEquals("<p>hello</p>\n", new String(response, second, response.length - second,
                        StandardCharsets.US_ASCII));
            }
            link.settle();
            assertImpaired(link);
        }
    }

    /**
     * Four downloads at once through ends that each have one send queue and one copy area to lend: requests and
     * responses wait their turn for them (counted), and every byte still arrives, every connection closes, and
     * every queue, area and mbuf comes back.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void downloadsAtOnceTakeTurnsWithOneSendQueueAndStayByteExactUnderImpairment(long seed) throws IOException {
        byte[] big = new byte[200_000];
        new Random(seed).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        TcpConfig config = new TcpConfig();
        config.sendQueues = 1;
        config.sendBuffers = 1;
        try (Link link = new Link(impairment(seed * 2), impairment(seed * 2 + 1), config)) {
            Client[] clients = new Client[4];
            for (int i = 0; i < clients.length; i++) {
                byte[] request = "GET /big.bin HTTP/1.1\r\nHost: lightpath\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
                clients[i] = link.open(80, 42_000 + i, request, false);
            }
            assertTrue(link.runUntil(() -> Arrays.stream(clients).allMatch(c -> c.closed != null), 120_000),
                    "every download finished: " + diagnosis(link, clients[0]));
            for (Client c : clients) {
                assertEquals(StreamHandler.CloseReason.NORMAL, c.closed);
                byte[] response = c.received.toByteArray();
                int body = bodyStart(response, 0);
                assertArrayEquals(big, Arrays.copyOfRange(response, body, response.length), "big.bin exact");
            }
            assertTrue(link.serverTcp.counters().sendQueuesExhausted + link.serverTcp.counters().sendBuffersExhausted
                    + link.clientTcp.counters().sendQueuesExhausted + link.clientTcp.counters().sendBuffersExhausted > 0,
                    "some had to wait their turn");
            link.settle();
        }
    }

    /** Where a stuck transfer stands: both ends' connections and every layer's non-zero counters. */
    static String diagnosis(Link link, Client c) {
        return "got " + c.received.size() + ", sent " + c.sent + ", client " + c.stream + ", server "
                + link.serverTcp.stream(0) + " " + link.serverTcp.stream(1) + "; server tcp "
                + fields(link.serverTcp.counters()) + " client tcp " + fields(link.clientTcp.counters()) + " http "
                + fields(link.http.counters()) + " server net " + fields(link.serverNet.counters()) + " client net "
                + fields(link.clientNet.counters());
    }

    /** The non-zero public long fields of a counters object. */
    static String fields(Object o) {
        StringBuilder b = new StringBuilder("{");
        for (java.lang.reflect.Field f : o.getClass().getFields()) {
            try {
                Object v = f.get(o);
                if (v instanceof Long l && l != 0) {
                    b.append(f.getName()).append('=').append(l).append(' ');
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return b.append('}').toString();
    }

    private static int bodyStart(byte[] response, int from) {
        for (int i = from; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new AssertionError("no end of head after " + from + " in " + response.length + " bytes: "
                + new String(response, 0, Math.min(200, response.length), StandardCharsets.ISO_8859_1));
    }

    /** The impairment really happened, and corrupted frames were caught by checksums, not delivered. */
    private static void assertImpaired(Link link) {
        long dropped = link.serverPort.receiveCounters().dropped + link.serverPort.transmitCounters().dropped
                + link.clientPort.receiveCounters().dropped + link.clientPort.transmitCounters().dropped;
        long corrupted = link.serverPort.receiveCounters().corrupted + link.serverPort.transmitCounters().corrupted
                + link.clientPort.receiveCounters().corrupted + link.clientPort.transmitCounters().corrupted;
        long duplicated = link.serverPort.receiveCounters().duplicated + link.clientPort.receiveCounters().duplicated
                + link.serverPort.transmitCounters().duplicated + link.clientPort.transmitCounters().duplicated;
        long reordered = link.serverPort.receiveCounters().reordered + link.clientPort.receiveCounters().reordered
                + link.serverPort.transmitCounters().reordered + link.clientPort.transmitCounters().reordered;
        assertTrue(dropped > 50 && duplicated > 5 && reordered > 5 && corrupted > 0,
                "dropped " + dropped + ", duplicated " + duplicated + ", reordered " + reordered + ", corrupted "
                        + corrupted);
        long rejected = link.serverNet.counters().drops() + link.clientNet.counters().drops();
        assertTrue(rejected > 0, "corrupted frames rejected by the receiving stacks");
    }
}
