package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lightpath.e2e.ScriptReport.field;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The echo services from a namespace, as an attacker would use them: UDP datagrams from a service port (123,
 * as an NTP server's answers would come) are not echoed, a burst from one source gets its rate and no more,
 * and a TCP echo connection that goes quiet is closed after {@code [echo] idle_timeout} (1 s here).
 */
@Timeout(120)
class EchoGuardsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void servicePortsAreRefusedBurstsLimitedAndQuietConnectionsClosed() throws Exception {
        TestNetwork.requireRoot();
        Path script = dir.resolve("echo_guards.py");
        try (var in = getClass().getResourceAsStream("/e2e/echo_guards.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path config = dir.resolve("echo.toml");
        Files.writeString(config, """
                [echo]
                enabled = true
                idle_timeout = "1s"
                udp_rate = 10
                """);
        try (TestNetwork network = new TestNetwork(62);
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "1",
                     "--idle", "backoff", "--metrics", "127.0.0.1:0")) {
            appliance.awaitLine("ready", 30);
            MetricsEndpoint metrics = appliance.awaitMetricsEndpoint();
            // The first datagram waits for ARP; a ping first resolves the namespace's address.
            network.inNamespace("ping", "-c", "1", "-W", "5", network.applianceAddress());

            String report = network.inNamespace("python3", script.toString(), network.applianceAddress()).trim();
            String body = metrics.scrape();
            long privileged = MetricsEndpoint.valueIn(body, "lightpath_udp_echo_drop_privileged_port_total");
            long limited = MetricsEndpoint.valueIn(body, "lightpath_udp_echo_drop_rate_limited_total");
            long idleClosed = MetricsEndpoint.valueIn(body, "lightpath_tcp_echo_idle_closed_total");
            System.out.printf("echo guards: %s; privileged_port %d, rate_limited %d, idle_closed %d%n", report,
                    privileged, limited, idleClosed);
            assertEquals(0, field(report, "privileged_answers"), report);
            assertEquals(3, privileged, "the 3 datagrams from port 123 counted");
            // A burst of 50 at 10/s gets the bucket's 10 and whatever refills while the appliance works through the
            // burst: a tenth of a second each, so more than a few only on a machine too loaded to say anything.
            long answered = field(report, "burst_answers");
            assertTrue(answered >= 10 && answered <= 20, "one second's worth of 10/s, not the burst: " + report);
            assertEquals(50, answered + limited, "every datagram of the burst echoed or counted: " + report);
            assertEquals(1, field(report, "echoed_line"), report);
            double idle = Double.parseDouble(report.replaceAll(".*idle_close=([0-9.]+).*", "$1"));
            assertTrue(idle >= 0.9 && idle < 3, "closed about 1 s after going quiet: " + report);
            assertEquals(1, idleClosed);

            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());
            ApplianceProcess.assertMempoolLowWaterAtLeast(appliance.output(), HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
        }
    }
}
