package dev.lightpath.engine;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.io.ImpairedPort;
import dev.lightpath.io.Impairment;
import dev.lightpath.io.ImpairmentCounters;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.CycleClock;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An HTTP download between two engines over a path as the internet has them: 10 ms of delay each way (a 20 ms
 * RTT), a 100 Mbit/s bottleneck each way with a 250 kB queue (about one bandwidth-delay product), and random loss
 * each way, all in memory on a simulated clock. The download must stay byte-exact; its simulated duration gives
 * the goodput, which is printed for comparison with what the Mathis formula predicts for the loss rate
 * (rate &lt;= MSS / RTT * C / sqrt(p), C about 1.22) and can never exceed the bottleneck's rate. Without loss
 * it must come close to that rate.
 */
@Timeout(300)
class ImpairedPathThroughputTest {
    static final long SERVER_MAC = StackPair.SERVER_MAC;
    static final long CLIENT_MAC = StackPair.CLIENT_MAC;
    static final int SERVER_IP = StackPair.SERVER_IP;
    static final int CLIENT_IP = StackPair.CLIENT_IP;
    static final int FILE = 10_000_000;
    /** The engines' duty cycle on the simulated clock: fine enough for a 120 us frame time. */
    static final long STEP_NANOS = 50_000;

    @TempDir
    Path docroot;

    /** The bottleneck's rate in goodput: 1448 bytes of data in each 1514-byte frame of 100 Mbit/s. */
    static final double LINK_GOODPUT_MBIT = 100.0 * 1448 / 1514;
    /** Body bytes received when the steady-state measure starts: past slow start on this path. */
    static final int STEADY_FROM = 2_000_000;

    @ParameterizedTest(name = "loss {0} each way")
    @ValueSource(doubles = {0, 0.001, 0.01})
    void downloadStaysByteExactAndTheBottleneckBoundsItsGoodput(double loss) throws IOException {
        Result r = download(loss);
        if (loss > 0) {
            double mathis = mathisMbit(loss);
            double cubic = cubicMbit(loss);
            double model = Math.min(LINK_GOODPUT_MBIT, Math.max(mathis, cubic));
            System.out.printf(Locale.ROOT, "loss %s: %.1f Mbit/s goodput; models: Mathis %.1f, CUBIC's response"
                    + " function %.1f, so CUBIC (the larger, RFC 9438 4.3) %.1f Mbit/s%n", loss, r.megabits, mathis,
                    cubic, model);
            // Random loss hits the data and the ACKs alike, and the download includes its slow start: the models
            // are for the steady state of a long flow that loses data only. A stack that stalls on losses (a
            // timeout, a window cut twice for one episode) falls well below them.
            assertTrue(r.megabits > 0.75 * model, "goodput " + r.megabits + " Mbit/s against the model's " + model);
        }
    }

    static final double RTT_SECONDS = 0.020;
    static final int MSS = 1448;

    /** Mathis et al.: Reno's rate at random loss p, MSS / RTT * sqrt(3/2) / sqrt(p). */
    static double mathisMbit(double p) {
        return MSS * 8 / RTT_SECONDS * Math.sqrt(1.5) / Math.sqrt(p) / 1e6;
    }

    /**
     * CUBIC's response function (RFC 9438 section 5.1, after Ha, Rhee and Xu): an average window of
     * (C (3 + beta) / (4 (1 - beta)))^(1/4) * RTT^(3/4) / p^(3/4) segments, with C = 0.4 and beta = 0.7.
     */
    static double cubicMbit(double p) {
        double window = Math.pow(0.4 * (3 + 0.7) / (4 * (1 - 0.7)), 0.25) * Math.pow(RTT_SECONDS, 0.75)
                / Math.pow(p, 0.75);
        return window * MSS * 8 / RTT_SECONDS / 1e6;
    }

    /**
     * On a clean path the download fills the link once slow start is over, and its whole time (ARP, handshake and
     * request round trips, slow start included) stays close to the file's time at the link's rate. The window is
     * the client's 256 kB against a 250 kB bandwidth-delay product: nothing but the bottleneck should hold it.
     */
    @Test
    void aCleanPathIsFilled() throws IOException {
        Result r = download(0);
        double steady = (FILE - STEADY_FROM) * 8 / r.steadySeconds / 1e6;
        System.out.printf(Locale.ROOT, "clean path: %.1f Mbit/s over the whole download, %.1f Mbit/s after its first"
                + " %d bytes; the link carries %.1f Mbit/s of data%n", r.megabits, steady, STEADY_FROM, LINK_GOODPUT_MBIT);
        assertTrue(steady > 0.95 * LINK_GOODPUT_MBIT, "after slow start the link is full: " + steady + " Mbit/s");
        // Three round trips before the first data byte and about five of slow start: 0.90 s at the least.
        assertTrue(r.megabits > 0.85 * LINK_GOODPUT_MBIT, "the whole download: " + r.megabits + " Mbit/s");
    }

    /** What one download measured: its goodput from connect to the last byte, and the seconds after slow start. */
    record Result(double megabits, double steadySeconds) {
    }

    private Result download(double loss) throws IOException {
        byte[] big = new byte[FILE];
        new Random(42).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        Impairment path = Impairment.parse("delay=10ms,rate=100mbit,queue=250kb,loss=" + loss);
        SimulatedClock clock = new SimulatedClock(TimeUnit.SECONDS.toNanos(100));
        MemoryPool pool = new MemoryPool(16384);
        MemoryPort[] cable = MemoryPort.pair(SERVER_MAC, CLIENT_MAC, 4096);
        ImpairedPort serverPort = new ImpairedPort(cable[0], pool, Impairment.NONE, path.withSeed(3), clock);
        ImpairedPort clientPort = new ImpairedPort(cable[1], pool, Impairment.NONE, path.withSeed(4), clock);
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 16;
        config.timeWaitNanos = TimeUnit.SECONDS.toNanos(2);
        NetStack serverNet = new NetStack(new InterfaceConfig(SERVER_MAC, SERVER_IP, 24, 0, EthernetFrame.UNTAGGED,
                1500), NetSettings.defaults(), serverPort, 0, pool);
        TcpStack serverTcp = new TcpStack(config, pool, serverNet, clock, 11);
        serverNet.register(Ipv4Packet.PROTOCOL_TCP, serverTcp);
        HttpServer http = new HttpServer(new HttpSettings(), new Routes(List.of(Route.files("/",
                StaticContent.load(docroot)))), config.tableCapacity, () -> 1_700_000_000_000L);
        serverTcp.listen(80, http, config.synBacklog);
        Worker server = new Worker(1, new PacketPort[] {serverPort}, 0,
                new CoreStack(serverNet, serverTcp, new HttpApplication(http)), null, new CycleClock(clock));
        NetStack clientNet = new NetStack(new InterfaceConfig(CLIENT_MAC, CLIENT_IP, 24, 0, EthernetFrame.UNTAGGED,
                1500), NetSettings.defaults(), clientPort, 0, pool);
        TcpStack clientTcp = new TcpStack(config, pool, clientNet, clock, 12);
        clientNet.register(Ipv4Packet.PROTOCOL_TCP, clientTcp);
        Worker client = new Worker(2, new PacketPort[] {clientPort}, 0, new CoreStack(clientNet, clientTcp, null),
                null, new CycleClock(clock));
        Arena arena = Arena.ofConfined();
        Result result;
        try {
            ImpairedLinkTest.Client c = requester(arena);
            long start = clock.nanos();
            assertNotNull(clientTcp.connect(SERVER_IP, 80, CLIENT_IP, 43_000, c));
            long[] times = runUntilClosed(client, server, clock, c, start + TimeUnit.SECONDS.toNanos(200));
            result = verify(big, c, loss, start, times, serverPort, clientPort, serverTcp);
        } finally {
            server.onClose();
            client.onClose();
            serverTcp.abortAll();
            clientTcp.abortAll();
            serverPort.close();
            clientPort.close();
            MbufBurst burst = new MbufBurst();
            for (MemoryPort end : cable) {
                while (end.receive(0, burst) > 0) {
                    pool.free(burst);
                }
            }
            burst.close();
            serverNet.close();
            clientNet.close();
            arena.close();
        }
        assertEquals(pool.capacity(), pool.available(), "every mbuf back in the pool");
        pool.close();
        return result;
    }

    /** A client that asks for the file and closes after it. */
    private static ImpairedLinkTest.Client requester(Arena arena) {
        byte[] request = "GET /big.bin HTTP/1.1\r\nHost: lightpath\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ImpairedLinkTest.Client c = new ImpairedLinkTest.Client();
        c.source = NativeRegions.register(arena.allocate(request.length), "test memory").address();
        dev.lightpath.dpdk.NativeMemory.copy(request, 0, c.source, request.length);
        c.length = request.length;
        return c;
    }

    /**
     * Runs both engines until the client's connection closes (or {@code bound}); returns when the client had
     * {@link #STEADY_FROM} bytes and when it had the whole body, on the simulated clock.
     */
    private static long[] runUntilClosed(Worker client, Worker server, SimulatedClock clock,
                                         ImpairedLinkTest.Client c, long bound) {
        long complete = -1;
        long steadyFrom = -1;
        while (c.closed == null && clock.nanos() < bound) {
            client.doWork();
            server.doWork();
            clock.advanceNanos(STEP_NANOS);
            if (steadyFrom < 0 && c.received.size() >= STEADY_FROM) {
                steadyFrom = clock.nanos();
            }
            if (complete < 0 && c.received.size() >= FILE) {
                byte[] r = c.received.toByteArray();
                int body = bodyStart(r);
                if (r.length - body >= FILE) {
                    complete = clock.nanos();
                }
            }
        }
        return new long[] {steadyFrom, complete};
    }

    /** Checks the download byte for byte and against the bottleneck, prints its figures and returns them. */
    private static Result verify(byte[] big, ImpairedLinkTest.Client c, double loss, long start, long[] times,
                                 ImpairedPort serverPort, ImpairedPort clientPort, TcpStack serverTcp) {
        assertEquals(StreamHandler.CloseReason.NORMAL, c.closed, "download finished: "
                + ImpairedLinkTest.fields(serverTcp.counters()));
        byte[] response = c.received.toByteArray();
        int body = bodyStart(response);
        assertTrue(new String(response, 0, 15, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        assertEquals(FILE, response.length - body);
        assertArrayEquals(big, Arrays.copyOfRange(response, body, response.length), "byte-exact");
        double seconds = (times[1] - start) / 1e9;
        double megabits = FILE * 8 / seconds / 1e6;
        ImpairmentCounters down = serverPort.transmitCounters();
        ImpairmentCounters up = clientPort.transmitCounters();
        System.out.printf(Locale.ROOT, "impaired path (20 ms RTT, 100 Mbit/s, queue 250 kB, loss %s each way): "
                        + "%d bytes in %.3f simulated s = %.1f Mbit/s goodput; server->client %s; "
                        + "client->server %s; server tcp %s%n", loss, FILE, seconds, megabits, down, up,
                ImpairedLinkTest.fields(serverTcp.counters()));
        // The bottleneck's bound: the file's bytes alone take 0.8 s at 100 Mbit/s, plus a round trip for the
        // request and the handshake's; headers add to it.
        assertTrue(seconds > FILE * 8 / 100e6 + 0.02, "goodput cannot beat the bottleneck: " + seconds + " s");
        if (loss > 0) {
            assertTrue(down.dropped > 0, "the path lost frames: " + down);
        }
        assertTrue(down.delayed > FILE / 1500, "every frame went through the delay line: " + down);
        return new Result(megabits, (times[1] - times[0]) / 1e9);
    }

    private static int bodyStart(byte[] response) {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return i + 4;
            }
        }
        return response.length;
    }
}
