package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program as operators use it, on a net_ring port (no network needed): the run logs where its counters
 * and metrics are, the endpoint and {@code appliance stat} (another process) read them while it runs, and a
 * clean stop removes the counters file. An explicit metrics address that is taken stops the start.
 */
@Timeout(120)
class OperabilityEndToEndTest {
    private static final Pattern METRICS = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path dir;

    @Test
    void countersAreServedAndShownWhileItRunsAndRemovedWhenItStops() throws Exception {
        Path counters = dir.resolve("lightpath-e2e.counters");
        // A table of a known size, whose closed slots the gauge then counts (the default is sized from memory).
        Path table = Files.writeString(dir.resolve("table.toml"), "[tcp]\nmax_connections = 1024\n");
        try (ApplianceProcess appliance = new ApplianceProcess("run", "--config", table.toString(),
                "--device", "net_ring0", "--ip", "198.18.0.1/24",
                "--cores", "0", "--idle", "backoff", "--metrics", "127.0.0.1:0", "--stats-file", counters.toString())) {
            String line = appliance.awaitLine("metrics on http://", 30);
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT.*Z INFO  lightpath\\.control: metrics on .*"), line);
            Matcher port = METRICS.matcher(line);
            assertTrue(port.find(), line);
            assertTrue(appliance.output().contains("JDK " + Runtime.version().feature()), appliance.output());
            assertTrue(Files.exists(counters));

            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                String base = "http://127.0.0.1:" + port.group(1);
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.body().contains("# TYPE lightpath_net_rx_frames_total counter\n"), metrics.body());
                assertTrue(metrics.body().matches("(?s).*\\nlightpath_tcp_connections_closed\\{core=\"0\"} 1024\\.0\\n.*"),
                        metrics.body());
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
            }

            ApplianceProcess.Finished stat = ApplianceProcess.runToEnd("stat", "--stats-file", counters.toString(),
                    "--once", "--all");
            assertEquals(0, stat.exit(), stat.output());
            assertTrue(stat.output().matches("(?s)lightpath pid \\d+, up .*\\ntcp\\.connections\\n  closed\\s+1,024\\s+1,024.*"),
                    stat.output());

            assertEquals(0, appliance.terminate(), appliance.output());
            assertTrue(appliance.output().contains("INFO  lightpath.control: stopped after"), appliance.output());
        }
        assertFalse(Files.exists(counters), "a clean stop removes the counters file");
        ApplianceProcess.Finished after = ApplianceProcess.runToEnd("stat", "--stats-file", counters.toString(), "--once");
        assertEquals(1, after.exit(), after.output());
        assertTrue(after.output().contains("no running appliance"), after.output());
    }

    @Test
    void aStartWithSighupIgnoredSaysTheCertificateCannotBeReloaded() throws Exception {
        dev.lightpath.tls.SelfSignedCertificate certificate =
                dev.lightpath.tls.SelfSignedCertificate.generate(dir.resolve("tls"), "operability.test");
        Path config = Files.writeString(dir.resolve("tls.toml"), """
                [tls]
                certificate = "%s"
                key = "%s"
                """.formatted(certificate.chain(), certificate.privateKey()));
        String[] run = {"run", "--config", config.toString(), "--device", "net_ring0", "--ip", "198.18.0.1/24",
            "--cores", "0", "--idle", "backoff", "--metrics", "127.0.0.1:0", "--docroot", dir.toString(),
            "--stats-file", dir.resolve("hup.counters").toString()};
        // nohup's SIG_IGN is inherited by the JVM, which then installs no handler over it.
        try (ApplianceProcess appliance = new ApplianceProcess(List.of("nohup"), List.of(), run)) {
            appliance.awaitLine("ready", 30);
            String warning = appliance.awaitLine("SIGHUP is ignored by this process", 10);
            assertTrue(warning.contains(" WARN  lightpath.control: "), warning);
            assertTrue(warning.contains("cannot reload the certificate"), warning);
            assertEquals(0, appliance.terminate(), appliance.output());
        }
        try (ApplianceProcess appliance = new ApplianceProcess(run)) {
            appliance.awaitLine("counters in ", 30); // logged once the handler is in place
            assertFalse(appliance.output().contains("SIGHUP is ignored"), appliance.output());
            assertEquals(0, appliance.terminate(), appliance.output());
        }
    }

    @Test
    void aMetricsAddressAskedForThatIsTakenStopsTheStart() throws Exception {
        Path counters = dir.resolve("lightpath-taken.counters");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("run", "--device", "net_ring0",
                    "--ip", "198.18.0.1/24", "--cores", "0", "--idle", "backoff",
                    "--metrics", "127.0.0.1:" + taken.getLocalPort(), "--stats-file", counters.toString());
            assertEquals(1, run.exit(), run.output());
            assertTrue(run.output().contains("lightpath: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()),
                    run.output());
        }
        assertFalse(Files.exists(counters), "the counters file goes with the failed start");
    }

    @Test
    void theDefaultMetricsAddressTakenOnlyCostsTheEndpoint() throws Exception {
        Path counters = dir.resolve("lightpath-default.counters");
        ServerSocket held = null;
        try {
            try {
                held = new ServerSocket(9100, 1, InetAddress.getLoopbackAddress());
            } catch (java.io.IOException alreadyTaken) {
                // something else on this host holds it: taken either way
            }
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", "net_ring0",
                    "--ip", "198.18.0.1/24", "--cores", "0", "--idle", "backoff", "--stats-file", counters.toString())) {
                String warning = appliance.awaitLine("cannot serve metrics on 127.0.0.1:9100", 30);
                assertTrue(warning.contains(" WARN  lightpath.control: "), warning);
                assertTrue(warning.contains("running without the metrics endpoint"), warning);
                assertTrue(Files.exists(counters), "the counters are published all the same");
                assertEquals(0, appliance.terminate(), appliance.output());
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
        assertFalse(Files.exists(counters));
    }
}
