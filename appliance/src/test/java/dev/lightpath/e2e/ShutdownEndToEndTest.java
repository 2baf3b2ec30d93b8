package dev.lightpath.e2e;

import dev.lightpath.host.testbed.KernelPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** SIGTERM while wrk is loading the appliance: it drains, exits 0, and every mbuf is back in the pool. */
class ShutdownEndToEndTest {
    @Test
    void stoppingUnderLoadDrainsAndLeavesThePoolWhole(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        byte[] big = new byte[256 * 1024];
        new Random(26).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        Files.writeString(site.resolve("index.html"), "hello\n");
        try (TestNetwork network = new TestNetwork(26);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "0", "--idle", "backoff",
                     "--docroot", site.toString(), "--metrics", "127.0.0.1:19126", "--drain-timeout", "3s")) {
            appliance.awaitLine("ready", 30);
            KernelPeer wrk = network.bed().start("wrk", network.peerNamespace(), List.of("wrk", "-t", "1", "-c", "20",
                    "-d", "30s", "http://" + network.applianceAddress() + "/big.bin"), dir.resolve("wrk.out"));
            try {
                awaitRequests(1000, Duration.ofSeconds(20));
                long stopAt = System.nanoTime();
                assertEquals(0, appliance.terminate(), appliance.output());
                assertTrue((System.nanoTime() - stopAt) / 1e9 < 15, "stopped promptly");
            } finally {
                wrk.stop();
            }
            String output = appliance.output();
            assertTrue(output.contains("stopping: no new connections"), output);
            assertTrue(output.contains("every connection closed") || output.matches("(?s).*\\d+ connection\\(s\\) still open: reset.*"),
                    output);
            ApplianceProcess.assertMempoolWhole(output);
        }
    }

    /** Polls the metrics endpoint until the appliance has answered {@code count} requests. */
    private static void awaitRequests(long count, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern requests = Pattern.compile("(?m)^lightpath_http_requests_total\\{core=\"0\"} (\\S+)");
        long seen = 0;
        while (System.nanoTime() < deadline) {
            try {
                String text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:19126/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = requests.matcher(text);
                if (m.find() && (seen = (long) Double.parseDouble(m.group(1))) >= count) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the endpoint is not up yet
            }
            Thread.onSpinWait();
        }
        fail("only " + seen + " requests answered within " + timeout);
    }
}
