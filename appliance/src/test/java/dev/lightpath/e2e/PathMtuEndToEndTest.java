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
    void aMegabyteCrossesANarrowerLinkAfterTheRoutersFragmentationNeeded() throws Exception {
        downloadThroughNarrowLink(false);
    }

    @Test
    void aMegabyteCrossesANarrowerLinkAfterTheRoutersPacketTooBig() throws Exception {
        downloadThroughNarrowLink(true);
    }

    private void downloadThroughNarrowLink(boolean ipv6) throws Exception {
        TestNetwork.requireRoot();
        int subnet = ipv6 ? SUBNET + 2 : SUBNET;
        int farSubnet = subnet + 1;
        Path docroot = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[1 << 20];
        new Random(subnet).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        String ours4 = "198.18." + subnet + ".1";
        String gateway = "198.18." + subnet + ".254";
        String farGateway = "198.18." + farSubnet + ".254";
        String client = "198.18." + farSubnet + ".2";
        String ours6 = "2001:db8:" + subnet + "::1";
        String gateway6 = "2001:db8:" + subnet + "::fe";
        String farGateway6 = "2001:db8:" + farSubnet + "::fe";
        String client6 = "2001:db8:" + farSubnet + "::2";
        try (TestBed bed = TestBed.open()) {
            Namespace router = bed.router("r" + subnet);
            Namespace clientSpace = bed.namespace("c" + subnet);
            Veth near = bed.veth(Veth.of(bed.name("o" + subnet), bed.name("n" + subnet)), Namespace.HOST, router);
            Veth far = bed.veth(Veth.of(bed.name("f" + subnet), bed.name("k" + subnet)), router, clientSpace);
            bed.address(router, near.peer(), gateway + "/24");
            bed.address(router, far.end(), farGateway + "/24");
            bed.address(clientSpace, far.peer(), client + "/24");
            bed.shell().run(clientSpace.ip("route", "add", "default", "via", farGateway));
            bed.shell().run(router.ip("link", "set", far.end(), "mtu", Integer.toString(NARROW_MTU)));
            // Every refused datagram gets its message: the kernel's default limits ICMP errors per second.
            bed.shell().run(router.exec("sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0"));
            if (ipv6) {
                bed.shell().run(router.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1"));
                bed.shell().run(router.exec("sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0"));
                for (String end : new String[] {near.peer(), far.end()}) {
                    bed.shell().run(router.exec("sysctl", "-q", "-w", "net.ipv6.conf." + end + ".disable_ipv6=0"));
                }
                bed.shell().run(clientSpace.exec("sysctl", "-q", "-w",
                        "net.ipv6.conf." + far.peer() + ".disable_ipv6=0"));
                bed.shell().run(router.ip("-6", "addr", "add", gateway6 + "/64", "dev", near.peer(), "nodad"));
                bed.shell().run(router.ip("-6", "addr", "add", farGateway6 + "/64", "dev", far.end(), "nodad"));
                bed.shell().run(clientSpace.ip("-6", "addr", "add", client6 + "/64", "dev", far.peer(), "nodad"));
                bed.shell().run(clientSpace.ip("-6", "route", "add", "default", "via", farGateway6));
            }
            String[] ipv6Flags = ipv6 ? new String[] {"--ip", ours6 + "/64", "--gateway", gateway6} : new String[0];
            try (ApplianceProcess appliance = new ApplianceProcess(HttpEndToEndTest.concat(new String[] {"run",
                    "--device", "net_af_packet0,iface=" + near.end(), "--ip", ours4 + "/24", "--gateway", gateway,
                    "--cores", "1", "--idle", "backoff", "--docroot", docroot.toString()}, ipv6Flags))) {
                appliance.awaitLine("ready", 30);
                String url = "http://" + ours4 + "/big.bin";
                if (ipv6) {
                    String addressIsOurs = "duplicate address detection: " + ours6 + "/64 gateway " + gateway6 + " is ours";
                    if (!appliance.output().contains(addressIsOurs)) {
                        appliance.awaitLine(addressIsOurs, 30);
                    }
                    url = "http://[" + ours6 + "]/big.bin";
                }
                for (int i = 0; i < 2; i++) {
                    Path out = dir.resolve("narrow-" + i + ".out");
                    bed.shell().run(clientSpace.exec("curl", "-sS", "--max-time", "25", "-o", out.toString(), url));
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
