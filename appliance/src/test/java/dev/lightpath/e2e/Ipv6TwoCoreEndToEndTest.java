package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP over IPv6 on two workers: the symmetric hash over the IPv6 4-tuple gives each flow one core both ways, and
 * Neighbour Discovery reaches both cores, so both serve, nothing is reset, and downloads stay byte-exact.
 */
@Timeout(180)
class Ipv6TwoCoreEndToEndTest {
    private static final int SUBNET = 91;

    @TempDir
    Path dir;

    @Test
    void kernelClientsOverIpv6AreServedByBothCoresWithoutResets() throws Exception {
        Path docroot = dir.resolve("site");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), "two cores\n");
        byte[] big = new byte[1 << 20];
        new Random(91).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        String ours = "2001:db8:" + SUBNET + "::1";
        String url = "http://[" + ours + "]/";
        try (TestNetwork network = new TestNetwork(SUBNET)) {
            network.enableIpv6();
            network.inNamespace("ip", "-6", "addr", "add", "2001:db8:" + SUBNET + "::2/64", "dev",
                    network.innerInterface(), "nodad");
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                    "--ip", network.applianceAddress() + "/24", "--ip", ours + "/64", "--cores", "0-1",
                    "--idle", "backoff", "--docroot", docroot.toString())) {
                assertTrue(appliance.awaitLine("worker(s)", 30).contains("2 worker(s)"));
                appliance.awaitLine("ready", 30);
                String addressIsOurs = "duplicate address detection: " + ours + "/64 is ours";
                if (!appliance.output().contains(addressIsOurs)) {
                    appliance.awaitLine(addressIsOurs, 30);
                }
                long keepAlive = wrk(network, "-t", "1", "-c", "32", "-d", "3s", url);
                long perRequest = wrk(network, "-t", "1", "-c", "16", "-d", "3s", "-H", "Connection: close", url);
                System.out.printf("IPv6 on two cores: wrk keep-alive %d requests, a connection per request %d%n",
                        keepAlive, perRequest);
                assertTrue(perRequest > 100, "connections opened and closed: " + perRequest);
                for (int i = 0; i < 4; i++) {
                    Path out = dir.resolve("big-" + i + ".out");
                    network.inNamespace("curl", "-6", "-sS", "--max-time", "60", "-o", out.toString(),
                            url + "big.bin");
                    assertArrayEquals(big, Files.readAllBytes(out), "download " + i + " is byte-exact");
                }

                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                for (String core : new String[] {"core 0", "core 1"}) {
                    assertTrue(ApplianceProcess.coreCounter(output, core, "tcp.opened.passive") > 0,
                            core + " served connections:\n" + output);
                    assertEquals(0, ApplianceProcess.coreCounter(output, core, "tcp.resets.sent"),
                            core + " reset nothing:\n" + output);
                }
                ApplianceProcess.assertMempoolWhole(output);
                assertFalse(output.contains("worker error"), output);
            }
        }
    }

    private static long wrk(TestNetwork network, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "wrk";
        command[1] = "--timeout";
        command[2] = "2s";
        System.arraycopy(args, 0, command, 3, args.length);
        String report = network.inNamespace(command);
        assertFalse(report.contains("Socket errors"), report);
        assertFalse(report.contains("Non-2xx"), report);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
        assertTrue(requests.find(), report);
        return Long.parseLong(requests.group(1));
    }
}
