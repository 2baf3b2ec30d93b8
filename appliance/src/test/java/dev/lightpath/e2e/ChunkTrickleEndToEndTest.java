package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static dev.lightpath.e2e.ScriptReport.field;
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
                     "--idle", "backoff", "--docroot", docroot.toString(), "--metrics", "127.0.0.1:0")) {
            appliance.awaitLine("ready", 30);
            MetricsEndpoint metrics = appliance.awaitMetricsEndpoint();
            String url = "http://" + network.applianceAddress() + "/";
            long established = metrics.read("lightpath_tcp_connections_established");
            long answered4xx = metrics.read("lightpath_http_responses_4xx_total");

            CompletableFuture<String> tricklers = CompletableFuture.supplyAsync(() -> {
                try {
                    return network.inNamespace("python3", script.toString(), network.applianceAddress(), "80",
                            Integer.toString(TRICKLERS), "60", Integer.toString(STEP));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            long held = metrics.await("lightpath_tcp_connections_established",
                    n -> n >= established + TRICKLERS || tricklers.isDone(), 15);
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

            long now = metrics.await("lightpath_tcp_connections_established", n -> n == established, 10);
            assertEquals(established, now, "the tricklers' connections are gone");
            assertTrue(metrics.read("lightpath_http_responses_4xx_total") - answered4xx >= TRICKLERS);

            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());
            ApplianceProcess.assertMempoolLowWaterAtLeast(appliance.output(), HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
            assertFalse(appliance.output().contains("worker error"), appliance.output());
        }
    }
}
