package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the load generator runs at a fixed rate, `appliance stat` and Prometheus read its last second: requests sent and completed
 * near the rate, no errors, and latency percentiles, per core.
 */
class LoadgenLiveViewEndToEndTest {
    @TempDir
    Path dir;

    static long gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^lightpath_loadgen_last_second_" + name + "\\{core=\"1\"} (\\S+)$")
                .matcher(metrics);
        assertTrue(m.find(), name + " in\n" + metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void prometheusShowsTheLastSecondWhileTheLoadRuns() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello\n");
        Path counters = dir.resolve("loadgen.counters");
        try (VethPair wire = new VethPair("lv");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.62.1/24", "--cores", "0", "--idle", "backoff", "--metrics", "off",
                     "--docroot", site.toString())) {
            appliance.awaitLine("ready", 30);
            try (ApplianceProcess load = new ApplianceProcess("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.62.2/24", "--cores", "1", "--idle", "backoff", "--url", "http://198.18.62.1/",
                    "-c", "20", "-d", "60s", "-R", "500", "--stats-file", counters.toString(),
                    "--metrics", "127.0.0.1:0")) {
                String line = load.awaitLine("metrics on", 30);
                Matcher url = Pattern.compile("(http://\\S+/metrics)").matcher(line);
                assertTrue(url.find(), line);
                HttpClient http = HttpClient.newHttpClient();
                // Each stat is a JVM start of its own, which paces the polling; bounded. The stat view and
                // Prometheus read the same published counters.
                String metrics = "";
                String stat = "";
                long completed = 0;
                long p50 = -1;
                // The percentiles come a second after the counts (the watching thread computes them from the
                // second the worker handed over), so both are awaited.
                for (int i = 0; i < 20 && (completed < 450 || p50 <= 0); i++) {
                    stat = ApplianceProcess.runToEnd("stat", "--stats-file", counters.toString(), "--once", "--all")
                            .output();
                    metrics = http.send(HttpRequest.newBuilder(URI.create(url.group(1))).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (metrics.contains("lightpath_loadgen_last_second_completed{core=\"1\"}")) {
                        completed = gauge(metrics, "completed");
                        p50 = gauge(metrics, "latency_p50_us");
                    }
                }
                assertTrue(stat.contains("last_second"), "stat shows the last second too:\n" + stat);
                assertEquals(500, completed, 100, "the achieved rate, last second:\n" + metrics + load.output());
                assertEquals(500, gauge(metrics, "sent"), 100, "the offered load, last second");
                assertEquals(0, gauge(metrics, "errors"));
                long p99 = gauge(metrics, "latency_p99_us");
                long p999 = gauge(metrics, "latency_p999_us");
                // Latency is measured from the intended send times: on a loaded machine the opening seconds can
                // fall behind the schedule, so only the order of the percentiles is asserted, not their size.
                assertTrue(p50 > 0 && p50 <= p99 && p99 <= p999, "p50 " + p50 + " us, p99 " + p99 + " us, p99.9 "
                        + p999 + " us");
                assertEquals(0, load.terminate(), load.output());
            }
            assertEquals(0, appliance.terminate(), appliance.output());
        }
    }
}
