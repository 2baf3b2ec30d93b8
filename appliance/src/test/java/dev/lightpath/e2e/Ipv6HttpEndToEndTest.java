package dev.lightpath.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * HTTP over IPv6 to a Linux client in a namespace, the appliance on net_af_packet with both families given by a
 * repeated --ip and the same listener answering both: curl -6 by a bracketed literal, byte-exact with and without
 * loss, a refused port reset over IPv6, and wrk bounded in time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ipv6HttpEndToEndTest {
    private static final int SUBNET = 90;
    private static final String OURS = "2001:db8:" + SUBNET + "::1";
    private static final String PEER = "2001:db8:" + SUBNET + "::2";
    private static final String URL = "http://[" + OURS + "]";

    @TempDir
    static Path dir;
    TestNetwork network;
    ApplianceProcess appliance;
    byte[] big;

    @BeforeAll
    void start() throws Exception {
        Path docroot = dir.resolve("site");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), "<!doctype html><p>over IPv6\n");
        big = new byte[1 << 20];
        new Random(90).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        network = new TestNetwork(SUBNET);
        network.enableIpv6();
        network.inNamespace("ip", "-6", "addr", "add", PEER + "/64", "dev", network.innerInterface(), "nodad");
        appliance = new ApplianceProcess("run", "--device", network.device(),
                "--ip", network.applianceAddress() + "/24", "--ip", OURS + "/64", "--cores", "1", "--idle", "backoff",
                "--docroot", docroot.toString());
        appliance.awaitLine("ready", 30);
        String addressIsOurs = "duplicate address detection: " + OURS + "/64 is ours";
        if (!appliance.output().contains(addressIsOurs)) {
            appliance.awaitLine(addressIsOurs, 30);
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (appliance != null) {
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                ApplianceProcess.assertMempoolWhole(output);
                assertFalse(output.contains("worker error"), output);
                assertTrue(counter(output, "tcp.segments.received_ipv6") > 100, output);
                assertEquals(0, counter(output, "net.ipv6.drop.checksum"), output);
            }
        } finally {
            if (appliance != null) {
                appliance.close();
            }
            if (network != null) {
                network.close();
            }
        }
    }

    private String curl(String... args) throws Exception {
        String[] command = new String[args.length + 5];
        command[0] = "curl";
        command[1] = "-6";
        command[2] = "-sS";
        command[3] = "--max-time";
        command[4] = "60";
        System.arraycopy(args, 0, command, 5, args.length);
        return network.inNamespace(command);
    }

    @Test
    void curlGetsTheIndexAndAMegabyteByteExactOverIpv6() throws Exception {
        assertEquals("<!doctype html><p>over IPv6\n", curl(URL + "/"));
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("big-" + i + ".out");
            curl("-o", out.toString(), URL + "/big.bin");
            assertArrayEquals(big, Files.readAllBytes(out), "download " + i + " is byte-exact");
        }
        String verbose = curl("-v", "-o", "/dev/null", URL + "/");
        assertTrue(verbose.contains("Connected to " + OURS) || verbose.contains("Trying [" + OURS + "]"), verbose);
        // IPv4 beside it, on the same listener.
        assertEquals("<!doctype html><p>over IPv6\n",
                network.inNamespace("curl", "-sS", "--max-time", "20", "http://" + network.applianceAddress() + "/"));
    }

    @Test
    void oneMegabyteStaysByteExactThroughFivePercentLossOverIpv6() throws Exception {
        String[] drop = {"-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP"};
        network.inNamespace(HttpEndToEndTest.concat(new String[] {"ip6tables", "-A", "INPUT", "-p", "tcp"}, drop));
        network.inNamespace(HttpEndToEndTest.concat(new String[] {"ip6tables", "-A", "OUTPUT", "-p", "tcp"}, drop));
        try {
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("lossy-" + i + ".out");
                network.inNamespace("curl", "-6", "-sS", "--max-time", "120", "-o", out.toString(), URL + "/big.bin");
                assertArrayEquals(big, Files.readAllBytes(out), "lossy download " + i + " is byte-exact");
            }
        } finally {
            network.inNamespace("ip6tables", "-F", "INPUT");
            network.inNamespace("ip6tables", "-F", "OUTPUT");
        }
    }

    @Test
    void aPortNobodyListensOnIsRefusedAtOnceOverIpv6() throws Exception {
        String refused = network.inNamespace("sh", "-c",
                "curl -6 -sS --max-time 10 http://[" + OURS + "]:81/ 2>&1; echo exit=$?");
        assertTrue(refused.contains("exit=7"), "connection refused (a RST), not a timeout (28): " + refused);
    }

    @Test
    void wrkKeepAliveOverIpv6() throws Exception {
        String report = network.inNamespace("wrk", "-t1", "-c8", "-d2s", "--timeout", "2s", URL + "/");
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
        assertTrue(requests.find(), report);
        assertTrue(Long.parseLong(requests.group(1)) > 100, report);
        assertFalse(report.contains("Socket errors"), report);
        assertFalse(report.contains("Non-2xx"), report);
    }

    /** A counter's value in the stop report, which leaves out those that stayed zero. */
    private static long counter(String output, String name) {
        Matcher matcher = Pattern.compile(Pattern.quote(name) + "\\s+([\\d,]+)").matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1).replace(",", "")) : 0;
    }
}
