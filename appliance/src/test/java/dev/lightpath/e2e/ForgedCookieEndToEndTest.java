package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The forged SYN cookie attack, end to end in raw frames from a namespace (scapy): the SYN backlog filled by
 * spoofed SYNs, a cookie handshake whose third packet changes the cookie's MSS index to 9000, then a request
 * for a 1 MB file. A server that trusted the index copied 9000 bytes into 2048-byte mbufs and died. Here the
 * forgery is answered by a reset and nothing else, an honest cookie handshake gets segments no larger than the
 * MSS the server announced, and the appliance keeps serving and stops with every mbuf back.
 */
@Timeout(180)
class ForgedCookieEndToEndTest {
    private static final String PYTHON_WITH_SCAPY = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void aForgedCookieIsRefusedAndAnHonestOneGetsSegmentsWithinTheMss() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = dir.resolve("site");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), "<p>still serving\n");
        byte[] big = new byte[1 << 20];
        new Random(14).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        Path script = dir.resolve("forged_cookie.py");
        try (var in = getClass().getResourceAsStream("/e2e/forged_cookie.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (TestNetwork network = new TestNetwork(52);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                 "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                 "--docroot", docroot.toString(), "--metrics", "127.0.0.1:0")) {
            appliance.awaitLine("ready", 30);
            MetricsEndpoint metrics = appliance.awaitMetricsEndpoint();
            // The namespace's kernel knows nothing of scapy's connections and would reset them.
            network.inNamespace("iptables", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP");

            String spoofed = network.applianceAddress().replaceAll("\\.1$", ".77");
            String out = network.inNamespace(PYTHON_WITH_SCAPY, script.toString(), network.applianceAddress(), spoofed, "300");
            Map<String, String> result = keyValues(out);
            assertEquals("done", result.get("result"), out);

            assertTrue(Integer.parseInt(result.get("forged_resets")) >= 1, "the forgery reset: " + out);
            assertEquals("0", result.get("forged_data"), "nothing served to a forged cookie: " + out);
            int announced = Integer.parseInt(result.get("announced_mss"));
            assertTrue(announced > 0 && announced <= 1460, out);
            assertTrue(Integer.parseInt(result.get("honest_segments")) > 0, "the honest cookie is served: " + out);
            int largest = Integer.parseInt(result.get("honest_max_payload"));
            assertTrue(largest > 0 && largest <= announced, "segments within the MSS: " + out);

            String body = metrics.scrape();
            assertTrue(MetricsEndpoint.valueIn(body, "lightpath_tcp_syn_cookies_failed_total") >= 1, body);
            assertTrue(MetricsEndpoint.valueIn(body, "lightpath_tcp_syn_cookies_validated_total") >= 1, body);
            assertEquals(0, MetricsEndpoint.valueIn(body, "lightpath_tcp_segments_cut_to_buffer_total"), "no builder had to cut");

            // Still serving: the backlog is full of spoofed SYNs, so curl too comes in by a cookie.
            network.inNamespace("iptables", "-D", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP");
            assertEquals("<p>still serving\n",
                network.inNamespace("curl", "-sS", "--max-time", "10", "http://" + network.applianceAddress() + "/"));

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            assertFalse(output.contains("worker error"), output);
            ApplianceProcess.assertMempoolWhole(output);
            ApplianceProcess.assertMempoolLowWaterAtLeast(output, HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
        }
    }

    static Map<String, String> keyValues(String line) {
        Map<String, String> values = new HashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }
}
