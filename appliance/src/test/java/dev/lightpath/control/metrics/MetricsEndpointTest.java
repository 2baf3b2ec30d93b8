package dev.lightpath.control.metrics;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.echo.TcpEcho;
import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.DeviceCounters;
import dev.lightpath.engine.StackPair;
import dev.lightpath.engine.Worker;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.io.Impairment;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.metrics.SharedCounters;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint scraped over loopback with {@link HttpClient} while an in-memory appliance serves TCP echo to a
 * client stack across an in-memory cable: the server's worker publishes from its duty cycle, the endpoint
 * reads the shared file, and the scraped counters move as traffic flows.
 */
@Timeout(60)
class MetricsEndpointTest {
    static final int CORE = 3;

    @TempDir
    Path dir;

    private StackPair pair;
    private final CachedEpochClock wallClock = new CachedEpochClock();
    private final Arena arena = Arena.ofConfined();
    private NetStack serverNet;
    private TcpStack serverTcp;
    private NetStack clientNet;
    private TcpStack clientTcp;
    private Worker server;
    private SharedCounters shared;
    private CountersFileReader reader;
    private MetricsServer endpoint;
    private HttpClient http;
    private final Echoed echoed = new Echoed();
    private final Echoed browsed = new Echoed();

    /** The client's application: counts the bytes echoed back. */
    static final class Echoed implements StreamHandler {
        TcpStream stream;
        long bytes;

        @Override
        public void onOpen(TcpStream s) {
            stream = s;
        }

        @Override
        public void onData(TcpStream s, long address, int length) {
            bytes += length;
        }

        @Override
        public void onSendSpace(TcpStream s) {
        }

        @Override
        public void onPeerClosed(TcpStream s) {
            s.close();
        }

        @Override
        public void onClosed(TcpStream s, CloseReason reason) {
            stream = null;
        }
    }

    @BeforeEach
    void setUp() {
        wallClock.update(System.currentTimeMillis());
        TcpConfig config = new TcpConfig();
        pair = new StackPair(4096, TimeUnit.SECONDS.toNanos(100), Impairment.NONE, Impairment.NONE, config, 1, 2);
        serverNet = pair.serverNet;
        serverTcp = pair.serverTcp;
        clientNet = pair.clientNet;
        clientTcp = pair.clientTcp;
        TcpEcho echo = new TcpEcho(config.tableCapacity, 4, 1 << 16);
        serverTcp.listen(TcpEcho.PORT, echo, config.synBacklog);
        HttpServer web = new HttpServer(new HttpSettings(), new Routes(List.of(
                Route.fixed("/hello", 200, "text/plain", "hello\n", Map.of(), 0))), config.tableCapacity,
                wallClock::time);
        serverTcp.listen(80, web, config.synBacklog);
        CoreApplication application = new CoreApplication() {
            @Override
            public int poll(long nowNanos) {
                return web.poll(nowNanos);
            }

            @Override
            public void forEach(CounterVisitor visitor) {
                web.forEach(visitor);
            }
        };
        pair.start(CORE, application, 9, null);
        server = pair.server();

        DeviceCounters device = new DeviceCounters(pair.pool, null);
        server.sampleEvery(DeviceCounters.POOL_INTERVAL_NANOS, device::sample);
        CounterSource serverCounters = visitor -> {
            serverNet.counters().forEach(visitor);
            serverTcp.counters().forEach(visitor);
            echo.forEach(visitor);
            application.forEach(visitor);
            device.forEach(visitor);
        };
        Path file = dir.resolve("lightpath-test.counters");
        shared = new SharedCounters(file, List.of(CORE), List.of(serverCounters), 1_000_000L, wallClock);
        server.publishCountersTo(shared.publisher(0));
        reader = CountersFileReader.attach(file);
        endpoint = MetricsServer.start(MetricsAddress.parse("127.0.0.1:0"), reader, wallClock, 3_000);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
        reader.close();
        server.publishCountersTo(null); // the file is unmapped below: nothing may write to it after
        shared.close();
        pair.close();
        arena.close();
        http.close();
    }

    @Test
    void scrapedCountersMoveWithTheTraffic() throws Exception {
        run(1); // the stacks' clocks start with a duty cycle, before anything is sent
        ExpositionParser before = scrape();
        assertEquals(0.0, sample(before, "lightpath_net_rx_frames_total"));
        assertEquals(0.0, sample(before, "lightpath_tcp_connections_established"));
        assertEquals((double) serverTcp.config().tableCapacity,
                sample(before, "lightpath_tcp_connections_closed"), "every slot free");
        assertEquals("counter", before.types.get("lightpath_tcp_retransmits_timeout_total"));
        assertEquals("gauge", before.types.get("lightpath_tcp_connections_established"));

        clientTcp.connect(StackPair.SERVER_IP, TcpEcho.PORT, StackPair.CLIENT_IP, 40_000, echoed);
        run(20);
        assertTrue(echoed.stream != null, "connected");
        MemorySegment bytes = NativeRegions.register(arena.allocate(1000), "test memory");
        byte[] random = new byte[1000];
        new Random(7).nextBytes(random);
        bytes.copyFrom(MemorySegment.ofArray(random));
        for (int round = 0; round < 5; round++) {
            assertEquals(1000, echoed.stream.sendCopy(bytes.address(), 1000));
            run(20);
        }
        assertEquals(5000, echoed.bytes, "echoed back");

        ExpositionParser during = scrape();
        double frames = sample(during, "lightpath_net_rx_frames_total");
        assertTrue(frames >= 7, "ARP, handshake and data frames counted: " + frames);
        assertEquals(1.0, sample(during, "lightpath_tcp_connections_established"));
        assertEquals(5000.0, sample(during, "lightpath_tcp_echo_bytes_total"));
        assertEquals(1.0, sample(during, "lightpath_tcp_opened_passive_total"));
        assertTrue(sample(during, "lightpath_net_tx_bytes_total") > 5000);

        for (int round = 0; round < 3; round++) {
            assertEquals(1000, echoed.stream.sendCopy(bytes.address(), 1000));
            run(20);
        }
        assertEquals(0.0, sample(during, "lightpath_http_responses_2xx_total"));
        clientTcp.connect(StackPair.SERVER_IP, 80, StackPair.CLIENT_IP, 40_001, browsed);
        run(20);
        byte[] requests = ("GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        MemorySegment request = NativeRegions.register(arena.allocate(requests.length), "test memory");
        request.copyFrom(MemorySegment.ofArray(requests));
        assertEquals(requests.length, browsed.stream.sendCopy(request.address(), requests.length));
        run(20);
        ExpositionParser web = scrape();
        assertEquals(3.0, sample(web, "lightpath_http_requests_total"));
        assertEquals(2.0, sample(web, "lightpath_http_responses_2xx_total"));
        assertEquals(1.0, sample(web, "lightpath_http_responses_4xx_total"));
        assertEquals("gauge", web.types.get("lightpath_http_open_connections"));
        assertEquals(1.0, sample(web, "lightpath_http_open_connections"));
        assertEquals(2.0, sample(web, "lightpath_tcp_connections_established"), "echo and HTTP");
        browsed.stream.close();
        echoed.stream.close();
        run(50);
        ExpositionParser after = scrape();
        assertTrue(sample(after, "lightpath_net_rx_frames_total") > frames, "frames keep being counted");
        assertEquals(8000.0, sample(after, "lightpath_tcp_echo_bytes_total"));
        assertEquals(0.0, sample(after, "lightpath_tcp_connections_established"), "both connections closed");
        assertEquals(0.0, sample(after, "lightpath_http_open_connections"));
        assertEquals(wallClock.time() - 1, after.samples.get("lightpath_heartbeat_timestamp_seconds") * 1000, 0.5,
                "the last publish beat the heart");
    }

    @Test
    void thePoolsFreeCountAndLowWaterMarkAreScraped() throws Exception {
        run(2);
        ExpositionParser idle = scrape();
        int start = pair.pool.available();
        assertEquals(4096.0, sample(idle, "lightpath_mempool_size"));
        assertEquals("gauge", idle.types.get("lightpath_mempool_free"));
        assertEquals("gauge", idle.types.get("lightpath_mempool_low_water"));
        assertEquals((double) start, sample(idle, "lightpath_mempool_free"));
        assertEquals((double) pair.pool.lowWater(), sample(idle, "lightpath_mempool_low_water"));

        long[] held = new long[1000];
        for (int i = 0; i < held.length; i++) {
            held[i] = pair.pool.allocate();
        }
        run(2);
        ExpositionParser holding = scrape();
        assertEquals(start - 1000.0, sample(holding, "lightpath_mempool_free"), "sampled on the next duty cycle");
        assertEquals(start - 1000.0, sample(holding, "lightpath_mempool_low_water"));

        for (long mbuf : held) {
            pair.pool.free(mbuf);
        }
        run(2);
        ExpositionParser after = scrape();
        assertEquals((double) start, sample(after, "lightpath_mempool_free"), "the mbufs are back");
        assertEquals(start - 1000.0, sample(after, "lightpath_mempool_low_water"), "the mark stays at the least");
        assertEquals(null, after.types.get("lightpath_port_rx_missed_total"), "an in-memory port has no DPDK stats");
    }

    @Test
    void healthFollowsTheHeartbeat() throws Exception {
        run(1);
        assertEquals(200, get("/healthz").statusCode());
        assertEquals("ok\n", get("/healthz").body());
        wallClock.advance(5_000);
        HttpResponse<String> stale = get("/healthz");
        assertEquals(503, stale.statusCode(), "no publish for 5 s: " + stale.body());
        assertTrue(stale.body().startsWith("stale"), stale.body());
        run(2);
        assertEquals(200, get("/healthz").statusCode(), "the worker published again");
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(404, get("/metricsfoo").statusCode());
        assertEquals(200, get("/metrics?name=x").statusCode(), "a query does not change the path");
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.CONTENT_TYPE,
                metrics.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openMetrics.statusCode());
        assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                "a scraper that asks for OpenMetrics gets it");
        assertTrue(openMetrics.body().endsWith("# EOF\n"), openMetrics.body());
        assertTrue(openMetrics.body().contains("# TYPE lightpath_net_rx_frames counter\n"), openMetrics.body());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        server.publishCountersTo(null);
        shared.close();
        assertEquals(503, get("/healthz").statusCode(), "stopped");
    }

    /**
     * Over IPv6 loopback the same counters are scraped as over IPv4's, from an endpoint given as {@code [::1]:0};
     * one given as {@code [::]:0} answers on both loopbacks at one port (the host lets an IPv6 socket take IPv4).
     */
    @Test
    void anEndpointOnIpv6LoopbackIsScrapedLikeTheIpv4One() throws Exception {
        run(1);
        clientTcp.connect(StackPair.SERVER_IP, TcpEcho.PORT, StackPair.CLIENT_IP, 40_000, echoed);
        run(20);
        try (MetricsServer ipv6 = MetricsServer.start(MetricsAddress.parse("[::1]:0"), reader, wallClock, 3_000);
             MetricsServer any = MetricsServer.start(MetricsAddress.parse("[::]:0"), reader, wallClock, 3_000)) {
            assertTrue(ipv6.address().getAddress() instanceof java.net.Inet6Address
                    && ipv6.address().getAddress().isLoopbackAddress(), ipv6.address().toString());
            String ipv6Base = "http://" + MetricsAddress.format(ipv6.address());
            assertEquals("http://[::1]:" + ipv6.address().getPort(), ipv6Base);
            ExpositionParser overIpv4 = scrape();
            ExpositionParser overIpv6 = scrapeAt(ipv6Base);
            assertEquals(1.0, sample(overIpv6, "lightpath_tcp_connections_established"));
            assertEquals(overIpv4.samples, overIpv6.samples, "the same counters, read from the same file");
            assertEquals(200, getAt(ipv6Base, "/healthz").statusCode());

            int port = any.address().getPort();
            ExpositionParser anyOverIpv6 = scrapeAt("http://[::1]:" + port);
            ExpositionParser anyOverIpv4 = scrapeAt("http://127.0.0.1:" + port);
            assertEquals(1.0, sample(anyOverIpv6, "lightpath_tcp_connections_established"));
            assertEquals(anyOverIpv6.samples, anyOverIpv4.samples, "one endpoint for both families");
        }
        echoed.stream.close();
        run(20);
    }

    /** Runs both workers' duty cycles {@code cycles} times, a millisecond apart. */
    private void run(int cycles) {
        for (int i = 0; i < cycles; i++) {
            pair.runMillis(1);
            wallClock.advance(1);
        }
    }

    private ExpositionParser scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        return ExpositionParser.parse(response.body());
    }

    private static double sample(ExpositionParser parsed, String name) {
        Double value = parsed.samples.get(name + "{core=\"" + CORE + "\"}");
        assertTrue(value != null, "no " + name + " for core " + CORE + " in " + parsed.samples.keySet());
        return value;
    }

    private ExpositionParser scrapeAt(String base) throws Exception {
        HttpResponse<String> response = getAt(base, "/metrics");
        assertEquals(200, response.statusCode());
        return ExpositionParser.parse(response.body());
    }

    private HttpResponse<String> getAt(String base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }
}
