package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.host.testbed.Veth;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Path MTU discovery against a Linux router: the appliance on a 1500-byte link to a router namespace, the client
 * behind it on a link whose router end takes only 1280 bytes while the client's end takes 1500, so the client
 * announces a full MSS and the appliance's first full segments (DF set, as all it sends) meet the narrow link. The
 * router's kernel answers them with ICMP "fragmentation needed" or, over IPv6, Packet Too Big; the appliance lowers
 * the connection's MSS and the download completes byte-exact.
 */
@Timeout(180)
class PathMtuEndToEndTest {
    private static final int SUBNET = 131;
    private static final int FAR_SUBNET = 132;
    private static final int NARROW_MTU = 1280;

    @TempDir
    Path dir;

    @Test
    void aMegabyteCrossesANarrowerLinkAfterTheRoutersMessage() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[1 << 20];
        new Random(SUBNET).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        String ours = "198.18." + SUBNET + ".1";
        String gateway = "198.18." + SUBNET + ".254";
        String farGateway = "198.18." + FAR_SUBNET + ".254";
        String client = "198.18." + FAR_SUBNET + ".2";
        try (TestBed bed = TestBed.open()) {
            Namespace router = bed.router("r" + SUBNET);
            Namespace clientSpace = bed.namespace("c" + SUBNET);
            Veth near = bed.veth(Veth.of(bed.name("o" + SUBNET), bed.name("n" + SUBNET)), Namespace.HOST, router);
            Veth far = bed.veth(Veth.of(bed.name("f" + SUBNET), bed.name("k" + SUBNET)), router, clientSpace);
            bed.address(router, near.peer(), gateway + "/24");
            bed.address(router, far.end(), farGateway + "/24");
            bed.address(clientSpace, far.peer(), client + "/24");
            bed.shell().run(clientSpace.ip("route", "add", "default", "via", farGateway));
            bed.shell().run(router.ip("link", "set", far.end(), "mtu", Integer.toString(NARROW_MTU)));
            // Every refused datagram gets its message: the kernel's default limits ICMP errors per second.
            bed.shell().run(router.exec("sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0"));
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device",
                    "net_af_packet0,iface=" + near.end(), "--ip", ours + "/24", "--gateway", gateway,
                    "--cores", "1", "--idle", "backoff", "--docroot", docroot.toString())) {
                appliance.awaitLine("ready", 30);
                for (int i = 0; i < 2; i++) {
                    Path out = dir.resolve("narrow-" + i + ".out");
                    bed.shell().run(clientSpace.exec("curl", "-sS", "--max-time", "25", "-o", out.toString(),
                            "http://" + ours + "/big.bin"));
                    assertArrayEquals(big, Files.readAllBytes(out), "download " + i + " is byte-exact");
                }
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                ApplianceProcess.assertMempoolWhole(output);
                assertTrue(counter(output, "tcp.pmtu.accepted") >= 2, "each download's connection lowered its MSS: "
                        + output);
                assertEquals(0, counter(output, "tcp.pmtu.rejected"), output);
            }
        }
    }

    /** A counter's value in the stop report, which leaves out those that stayed zero. */
    private static long counter(String output, String name) {
        Matcher matcher = Pattern.compile(Pattern.quote(name) + "\\s+([\\d,]+)").matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1).replace(",", "")) : 0;
    }
}
