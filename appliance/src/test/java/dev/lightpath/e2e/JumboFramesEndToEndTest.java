package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The appliance at an MTU of 9000 on a veth through af_packet: the interface's MTU is checked (af_packet's is the
 * kernel's), whole jumbo frames go into single mbufs, the MSS announced is 8960, and curl downloads byte-exact
 * with frames far above 1500 bytes.
 */
class JumboFramesEndToEndTest {
    @Test
    void servesByteExactOverA9000ByteMtu(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[4 << 20];
        new Random(82).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        try (TestNetwork network = new TestNetwork(82)) {
            String outer = network.device().substring(network.device().indexOf("iface=") + 6);
            network.inNamespace("ip", "link", "set", network.innerInterface(), "mtu", "9000");
            ApplianceProcess.Finished tooSmall = ApplianceProcess.runToEnd("run", "--device", network.device(),
                    "--mtu", "9000", "--ip", network.applianceAddress() + "/24", "--metrics", "off");
            assertNotEquals(0, tooSmall.exit(), tooSmall.output());
            assertTrue(tooSmall.output().contains("whose MTU is 1500: set it first (ip link set " + outer + " mtu 9000) "
                    + "[port.mtu]"), tooSmall.output());
            TestNetwork.run("ip", "link", "set", outer, "mtu", "9000");
            String output;
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                    "--mtu", "9000", "--ip", network.applianceAddress() + "/24", "--cores", "0", "--idle", "backoff",
                    "--docroot", site.toString(), "--metrics", "off")) {
                String mtu = appliance.awaitLine("lightpath: MTU", 60);
                assertTrue(mtu.contains("MTU 9000 on net_af_packet0 (" + outer + "'s MTU, set in Linux)")
                        && mtu.contains("MSS 8960"), mtu);
                appliance.awaitLine("ready", 60);
                for (int i = 0; i < 2; i++) {
                    Path out = dir.resolve("big." + i);
                    String size = network.inNamespace("curl", "-sS", "--max-time", "60", "-o", out.toString(),
                            "-w", "%{size_download}", "http://" + network.applianceAddress() + "/big.bin");
                    assertEquals(Integer.toString(big.length), size.strip());
                    assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "4 MB byte-exact at MTU 9000");
                }
                assertEquals(0, appliance.terminate(), appliance.output());
                output = appliance.output();
            }
            ApplianceProcess.assertMempoolWhole(output);
            long txFrames = ApplianceProcess.coreCounter(output, "total", "net.tx.frames");
            long txBytes = ApplianceProcess.coreCounter(output, "total", "net.tx.bytes");
            long responseBytes = ApplianceProcess.coreCounter(output, "total", "http.response_bytes");
            assertTrue(responseBytes >= 2L * big.length, output);
            // At MTU 1500 8 MB takes at least 5,700 frames; jumbo frames carry it in about 940.
            assertTrue(txFrames < 2000, "frames sent: " + txFrames + " for " + txBytes + " bytes:\n" + output);
            assertEquals(0, ApplianceProcess.coreCounter(output, "total", "net.drop.runt"), output);
        }
    }

    @Test
    void anMtuOutsideTheRangeIsRefusedNamingTheKey() throws Exception {
        ApplianceProcess.Finished refused = ApplianceProcess.runToEnd("run", "--device", "net_null0", "--mtu", "20000",
                "--ip", "198.18.82.1/24", "--metrics", "off");
        assertNotEquals(0, refused.exit(), refused.output());
        assertTrue(refused.output().contains("[port.mtu]"), refused.output());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
