package dev.lightpath.e2e;

import dev.lightpath.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * HTTPS on two workers, each with its own TLS context: wrk keep-alive and with a connection per request (a
 * handshake each), both cores completing handshakes and resetting no flow; and session tickets issued by either
 * core resuming on whichever core the next connection's hash names, since every core holds the same ticket keys.
 */
@Timeout(180)
class TwoCoreTlsEndToEndTest {
    private static final Pattern WRK_REQUESTS = Pattern.compile("(\\d+) requests in");

    @TempDir
    Path dir;

    @Test
    void bothCoresTerminateTlsAndATicketResumesOnEither() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>two cores over tls\n");
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("tls"), "lightpath.test");
        Path config = Files.writeString(dir.resolve("https.toml"), """
                [tls]
                certificate = "%s"
                key = "%s"
                """.formatted(certificate.chain(), certificate.privateKey()));
        try (TestNetwork network = new TestNetwork(122);
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "0-1",
                     "--idle", "backoff", "--docroot", docroot.toString())) {
            assertTrue(appliance.awaitLine("worker(s)", 30).contains("2 worker(s)"));
            appliance.awaitLine("ready", 30);
            String url = "https://" + network.applianceAddress() + "/";
            long keepAlive = wrk(network, "-t", "1", "-c", "16", "-d", "3s", "--timeout", "5s", url);
            long perRequest = wrk(network, "-t", "1", "-c", "8", "-d", "3s", "--timeout", "5s",
                    "-H", "Connection: close", url);
            System.out.printf("two cores over TLS: wrk keep-alive %d requests, a handshake per request %d%n",
                    keepAlive, perRequest);
            assertTrue(perRequest > 20, "handshakes on both cores: " + perRequest);

            String server = network.applianceAddress() + ":443";
            Path session = dir.resolve("session.pem");
            String first = network.inNamespace("sh", "-c", "sleep 1 | openssl s_client -connect " + server
                    + " -CAfile " + certificate.chain() + " -sess_out " + session + " 2>&1");
            assertTrue(first.contains("New, TLSv1.3"), first);
            for (int i = 0; i < 6; i++) {
                // Each connection has a source port of its own, so its hash names either core.
                String again = network.inNamespace("sh", "-c", "sleep 0.2 | openssl s_client -connect " + server
                        + " -CAfile " + certificate.chain() + " -sess_in " + session + " 2>&1");
                assertTrue(again.contains("Reused, TLSv1.3"), "resumption " + i + ": " + again);
            }

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            for (String core : new String[] {"core 0", "core 1"}) {
                assertTrue(ApplianceProcess.coreCounter(output, core, "tls.handshakes_completed") > 0,
                        core + " completed handshakes:\n" + output);
                // A flow steered to the wrong core is reset at its first segment, and so would be every one. A
                // stray is not: net_af_packet's fanout spills a frame to the other queue when its socket's ring
                // is full (DPDK sets PACKET_FANOUT_FLAG_ROLLOVER), so while a worker stalls a flow's frames can
                // reach its core out of order, and an ACK overtaken by the client's RST finds no connection and
                // is answered with a reset, as RFC 9293 asks.
                long resets = ApplianceProcess.coreCounter(output, core, "tcp.resets.sent");
                long connections = ApplianceProcess.coreCounter(output, core, "tcp.opened.passive");
                assertTrue(resets * 100 <= connections, core + " reset " + resets + " of " + connections
                        + " connections: strays at most, no flow:\n" + output);
            }
            assertTrue(ApplianceProcess.coreCounter(output, "total", "tls.resumptions") >= 6, output);
            output.lines().filter(line -> line.startsWith("  tls.")).forEach(System.out::println);
            ApplianceProcess.assertMempoolWhole(output);
            assertFalse(output.contains("worker error"), output);
        }
    }

    private static long wrk(TestNetwork network, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "wrk";
        System.arraycopy(args, 0, command, 1, args.length);
        String wrk = network.inNamespace(command);
        assertFalse(wrk.contains("Socket errors"), wrk);
        assertFalse(wrk.contains("Non-2xx"), wrk);
        Matcher requests = WRK_REQUESTS.matcher(wrk);
        assertTrue(requests.find(), wrk);
        return Long.parseLong(requests.group(1));
    }
}
