package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's TCP against the appliance's: 10 MB sent by socat from a namespace to the echo service comes
 * back byte-exact (sha256). {@code echoThrough} can also drop a share of packets each way with iptables.
 */
class TcpEchoEndToEndTest {
    private static final int SIZE = 10_000_000;

    @Test
    void tenMegabytesComeBackIntact(@TempDir Path dir) throws Exception {
        echoThrough(dir, 12, 0);
    }

    @Test
    void tenMegabytesComeBackIntactThroughFivePercentLossEachWay(@TempDir Path dir) throws Exception {
        echoThrough(dir, 13, 5);
    }

    private static void echoThrough(Path dir, int subnet, int lossPercent) throws Exception {
        byte[] content = new byte[SIZE];
        new Random(subnet).nextBytes(content);
        Path file = dir.resolve("payload.bin");
        Files.write(file, content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (TestNetwork network = new TestNetwork(subnet);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff", "--echo")) {
            appliance.awaitLine("ready", 30);
            if (lossPercent > 0) {
                String probability = "0." + String.format("%02d", lossPercent);
                network.inNamespace("iptables", "-A", "INPUT", "-m", "statistic", "--mode", "random",
                        "--probability", probability, "-j", "DROP");
                network.inNamespace("iptables", "-A", "OUTPUT", "-m", "statistic", "--mode", "random",
                        "--probability", probability, "-j", "DROP");
            }
            Path echoed = dir.resolve("echoed.bin");
            network.inNamespace("sh", "-c", "timeout 150 socat -t 120 -b 65536 - TCP4:"
                    + network.applianceAddress() + ":7 < " + file + " > " + echoed);
            byte[] back = Files.readAllBytes(echoed);
            assertEquals(SIZE, back.length, "all of it came back");
            assertEquals(expected, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back)),
                    "the echo is byte-exact");

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            assertTrue(output.matches("(?s).*tcp\\.echo\\.bytes\\s+10,000,000.*"), output);
            assertFalse(output.matches("(?s).*tcp\\.resets\\.sent.*"), "no resets: " + output);
            assertFalse(output.matches("(?s).*tcp\\.echo\\.overflows.*"), output);
            if (lossPercent > 0) {
                assertTrue(output.matches("(?s).*tcp\\.retransmits\\.(fast|timeout).*"), "loss was recovered from: " + output);
            }
            ApplianceProcess.assertMempoolWhole(output);
        }
    }
}
