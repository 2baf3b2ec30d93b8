package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code run --impair}: the appliance's own port loses, reorders, duplicates and corrupts frames both ways, and
 * curl downloads from a namespace still arrive byte-exact; the appliance stops with every mbuf back, including
 * the duplicates it made and the frames it held back.
 */
@Timeout(180)
class ImpairedEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void downloadsStayByteExactThroughTheImpairedPort() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[1 << 20];
        new Random(51).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        try (TestNetwork network = new TestNetwork(51);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                     "--docroot", docroot.toString(),
                     "--impair", "loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001,seed=1")) {
            assertTrue(appliance.awaitLine("port impaired both ways", 30)
                    .contains("loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001,seed=1"));
            appliance.awaitLine("ready", 30);
            String url = "http://" + network.applianceAddress() + "/big.bin";
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] expected = sha.digest(big);
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("impaired-" + i + ".out");
                network.inNamespace("curl", "-sS", "--max-time", "60", "-o", out.toString(), url);
                assertTrue(Arrays.equals(expected, sha.digest(Files.readAllBytes(out))), "download " + i + " exact");
            }
            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            ApplianceProcess.assertMempoolWhole(output);
        }
    }
}
