package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * HTTP on two workers: a flow belongs to the core its symmetric hash names, whichever queue its frames arrive
 * on, so nothing may be reset or lost at the boundary between cores. wrk from a kernel peer (keep-alive, then a
 * connection per request), curl downloads under loss, and the load generator on two cores against the
 * appliance on two cores; the per-core counters must show both cores serving each time.
 */
@Timeout(240)
class TwoCoreHttpEndToEndTest {
    private static final Pattern WRK_REQUESTS = Pattern.compile("(\\d+) requests in");

    @TempDir
    Path dir;

    @Test
    void kernelClientsAreServedByBothCoresWithoutResetsOrLosses() throws Exception {
        Path docroot = site();
        String sum = sha256(Files.readAllBytes(docroot.resolve("big.bin")));
        try (TestNetwork network = new TestNetwork(63);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "0-1", "--idle", "backoff",
                     "--docroot", docroot.toString())) {
            assertTrue(appliance.awaitLine("worker(s)", 30).contains("2 worker(s)"));
            appliance.awaitLine("ready", 30);
            String url = "http://" + network.applianceAddress() + "/";

            long keepAlive = wrk(network, "-t", "1", "-c", "32", "-d", "4s", url);
            long perRequest = wrk(network, "-t", "1", "-c", "16", "-d", "4s", "-H", "Connection: close", url);
            System.out.printf("two cores: wrk keep-alive %d requests, a connection per request %d%n", keepAlive,
                    perRequest);
            assertTrue(perRequest > 100, "connections opened and closed on both cores: " + perRequest);

            // 2% of the frames each way dropped in the peer's kernel: retransmissions and out-of-order data
            // must land on the core that owns the flow as the first transmission did.
            network.inNamespace("iptables", "-A", "INPUT", "-p", "tcp", "--sport", "80", "-m", "statistic",
                    "--mode", "random", "--probability", "0.02", "-j", "DROP");
            network.inNamespace("iptables", "-A", "OUTPUT", "-p", "tcp", "--dport", "80", "-m", "statistic",
                    "--mode", "random", "--probability", "0.02", "-j", "DROP");
            for (int i = 0; i < 6; i++) {
                String got = network.inNamespace("sh", "-c", "curl -sS --max-time 60 " + url + "big.bin | sha256sum");
                assertEquals(sum, got.trim().split(" ")[0], "download " + i + " byte-exact under 2% loss");
            }
            network.inNamespace("iptables", "-F");

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            for (String core : new String[] {"core 0", "core 1"}) {
                assertTrue(ApplianceProcess.coreCounter(output, core, "tcp.opened.passive") > 0, core + " served connections:\n" + output);
                assertEquals(0, ApplianceProcess.coreCounter(output, core, "tcp.resets.sent"), core + " reset nothing:\n" + output);
            }
            ApplianceProcess.assertMempoolWhole(output);
            assertFalse(output.contains("worker error"), output);
        }
    }

    @Test
    void theLoadGeneratorOnTwoCoresAgreesWithTheApplianceOnTwoCores() throws Exception {
        Path docroot = site();
        try (VethPair wire = new VethPair("tc");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.64.1/24", "--cores", "0-1", "--idle", "backoff",
                     "--docroot", docroot.toString())) {
            appliance.awaitLine("ready", 30);
            Path json = dir.resolve("two.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.64.2/24", "--cores", "0-1", "--idle", "backoff", "--counters",
                    "--url", "http://198.18.64.1/", "-c", "64", "-d", "3s", "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            String result = Files.readString(json);
            Matcher requests = Pattern.compile("\"requests\": ?(\\d+)").matcher(result);
            assertTrue(requests.find(), result);
            assertTrue(Long.parseLong(requests.group(1)) > 64, result + run.output());
            Matcher errors = Pattern.compile("\"errors\": ?\\{([^}]*)}").matcher(result);
            assertTrue(errors.find(), result);
            assertTrue(errors.group(1).replaceAll("\"[a-z_0-9]+\": ?0", "").replaceAll("[\\s,]", "").isEmpty(),
                    "no errors: " + errors.group(1));
            // Each load generator core opens only flows whose hash names it, and the appliance's cores own flows
            // by the same hash: both of the appliance's cores serving shows both of the generator's were used.
            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            assertEquals(64, ApplianceProcess.coreCounter(output, "core 0", "tcp.opened.passive") + ApplianceProcess.coreCounter(output, "core 1", "tcp.opened.passive"),
                    "each of the 64 connections opened once, none lost and opened again:\n" + output);
            for (String core : new String[] {"core 0", "core 1"}) {
                assertTrue(ApplianceProcess.coreCounter(output, core, "tcp.opened.passive") > 0, core + " served connections:\n" + output);
                assertEquals(0, ApplianceProcess.coreCounter(output, core, "tcp.resets.sent"), core + " reset nothing:\n" + output);
            }
            ApplianceProcess.assertMempoolWhole(output);
        }
    }

    private Path site() throws Exception {
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>two cores\n");
        byte[] big = new byte[2 << 20];
        new Random(63).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        return docroot;
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

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
