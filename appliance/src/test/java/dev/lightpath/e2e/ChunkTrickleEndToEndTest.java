package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lightpath.e2e.ScriptReport.field;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Clients in a namespace that each begin a chunked POST and then trickle one chunk extension without end, a
 * few bytes every 100 ms: a body that keeps arriving resets the request timeout, so only the bound on a chunk
 * line ({@code http.max_chunk_line}, its default 4096 bytes here) ends them. Every one must be answered 400
 * and closed once its line passes the bound, curl must be served throughout, and afterwards the appliance's
 * established connections must be back where they were.
 */
@Timeout(180)
class ChunkTrickleEndToEndTest {
    private static final int TRICKLERS = 60;
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
                [[http.route]]
                path = "/upload"
                type = "sink"
                """);
        try (TestNetwork network = new TestNetwork(60);
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "1",
                     "--idle", "backoff", "--docroot", docroot.toString(), "--metrics", "127.0.0.1:0")) {
            appliance.awaitLine("ready", 30);
            MetricsEndpoint metrics = appliance.awaitMetricsEndpoint();
            String url = "http://" + network.applianceAddress() + "/";
            long established = metrics.read("lightpath_tcp_connections_established");
            long answered4xx = metrics.read("lightpath_http_responses_4xx_total");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            StringBuilder failures = new StringBuilder();
            CompletableFuture<Void> browser = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    try {
                        String body = network.inNamespace("curl", "-sS", "--max-time", "5", url);
                        if (body.equals("<p>still serving\n")) {
                            served.incrementAndGet();
                        } else {
                            synchronized (failures) {
                                failures.append(body).append('\n');
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.append(e.getMessage()).append('\n');
                        }
                    }
                }
            });
            long start = System.nanoTime();
            String report;
            try {
                report = network.inNamespace("python3", script.toString(), network.applianceAddress(), "80",
                        Integer.toString(TRICKLERS), "60", Integer.toString(STEP));
            } finally {
                running.set(false);
                browser.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("chunk trickle: %s; %d curls served meanwhile, %.1f s%n", report.trim(), served.get(),
                    seconds);
            assertEquals(TRICKLERS, field(report, "closed"), report);
            assertEquals(TRICKLERS, field(report, "got400"), "each answered 400: " + report);
            // 4096 bytes at 64 per 100 ms take 6.4 s; the connections are cut then, not when a timeout fires.
            double last = Double.parseDouble(report.replaceAll("(?s).*last_close=([0-9.]+).*", "$1"));
            assertTrue(last > 4 && last < 20, "cut when the line passed 4096 bytes: " + report);
            assertTrue(field(report, "most_sent") < 4096 + 200 + 2 * STEP * 10,
                    "nothing near an unbounded line was sent: " + report);
            assertTrue(served.get() >= 5, "curl served throughout: " + served.get());
            assertEquals("", failures.toString(), "every curl succeeded");

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
