package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Clients in a namespace that each begin a chunked POST and then trickle one chunk extension without end, a
 * few bytes every 100 ms: a body that keeps arriving resets the request timeout, so only the bound on a chunk
 * line ({@code http.max_chunk_line}, its default 4096 bytes here) ends them. There are as many of them as the
 * appliance's connection table has slots, so they fill it. Every one must be answered 400 and closed once its
 * line passes the bound; then a fresh curl must be served, and the slots must come back.
 */
@Timeout(180)
class ChunkTrickleEndToEndTest {
    private static final Pattern METRICS = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    /** The table's slots, every one of them taken by a trickler. */
    private static final int TRICKLERS = 128;
    private static final int STEP = 64;

    @TempDir
    Path dir;

    @Test
    void endlessChunkExtensionsAreCutAtTheLineBoundWhileCurlIsServed() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>still serving\n");
        Path script = dir.resolve("chunk_tricklers.py");
        try (var in = getClass().getResourceAsStream("/e2e/chunk_tricklers.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path config = dir.resolve("trickle.toml");
        Files.writeString(config, """
                [tcp]
                table_capacity = %d
                [[http.route]]
                path = "/upload"
                type = "sink"
                """.formatted(TRICKLERS));
        try (TestNetwork network = new TestNetwork(60);
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "1",
                     "--idle", "backoff", "--docroot", docroot.toString(), "--metrics", "127.0.0.1:0");
             HttpClient http = HttpClient.newHttpClient()) {
            appliance.awaitLine("ready", 30);
            Matcher port = METRICS.matcher(appliance.awaitLine("metrics on http://", 30));
            assertTrue(port.find());
            String metricsUrl = "http://127.0.0.1:" + port.group(1) + "/metrics";
            String url = "http://" + network.applianceAddress() + "/";
            long established = metric(http, metricsUrl, "lightpath_tcp_connections_established");
            long answered4xx = metric(http, metricsUrl, "lightpath_http_responses_4xx_total");

            CompletableFuture<String> tricklers = CompletableFuture.supplyAsync(() -> {
                try {
                    return network.inNamespace("python3", script.toString(), network.applianceAddress(), "80",
                            Integer.toString(TRICKLERS), "60", Integer.toString(STEP));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            long held = established;
            long fillDeadline = start + 15_000_000_000L;
            while (held < established + TRICKLERS && !tricklers.isDone() && System.nanoTime() < fillDeadline) {
                LockSupport.parkNanos(50_000_000L);
                held = metric(http, metricsUrl, "lightpath_tcp_connections_established");
            }
            assertEquals(established + TRICKLERS, held, "the tricklers hold every slot of the table");
            String report = tricklers.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("chunk trickle: %s; table of %d full, %.1f s%n", report.trim(), TRICKLERS, seconds);
            assertEquals(TRICKLERS, field(report, "closed"), report);
            assertEquals(TRICKLERS, field(report, "got400"), "each answered 400: " + report);
            // 4096 bytes at 64 per 100 ms take 6.4 s; the connections are cut then, not when a timeout fires.
            double last = Double.parseDouble(report.replaceAll("(?s).*last_close=([0-9.]+).*", "$1"));
            assertTrue(last > 4 && last < 20, "cut when the line passed 4096 bytes: " + report);
            assertTrue(field(report, "most_sent") < 4096 + 200 + 2 * STEP * 10,
                    "nothing near an unbounded line was sent: " + report);
            assertEquals("<p>still serving\n", network.inNamespace("curl", "-sS", "--max-time", "5", url),
                    "a fresh curl is served once the tricklers are cut");

            long deadline = System.nanoTime() + 10_000_000_000L;
            long now = metric(http, metricsUrl, "lightpath_tcp_connections_established");
            while (now != established && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
                now = metric(http, metricsUrl, "lightpath_tcp_connections_established");
            }
            assertEquals(established, now, "the tricklers' connections are gone");
            assertTrue(metric(http, metricsUrl, "lightpath_http_responses_4xx_total") - answered4xx >= TRICKLERS);

            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());
            ApplianceProcess.assertMempoolLowWaterAtLeast(appliance.output(), HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
            assertFalse(appliance.output().contains("worker error"), appliance.output());
        }
    }

    static long metric(HttpClient http, String url, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\\n" + name + "\\{core=\"\\d+\"} (\\d+)").matcher(body);
        assertTrue(m.find(), name + " in " + body);
        return Long.parseLong(m.group(1));
    }

    static int field(String report, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(report);
        assertTrue(m.find(), name + " in " + report);
        return Integer.parseInt(m.group(1));
    }
}
