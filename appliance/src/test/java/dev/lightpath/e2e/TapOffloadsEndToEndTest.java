package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The appliance on {@code net_tap}, whose kernel end is moved into a namespace where curl and socat are its peers,
 * with receive buffers of 512 bytes and TSO insisted on. What this machine's DPDK (22.11) offers there: scattered
 * receive (a frame longer than a buffer arrives chained) and TSO, which the tap driver performs in software
 * (librte_gso) before writing segments to the kernel. Not jumbo frames: net_tap takes frames of 1522 bytes at most.
 *
 * <p>The kernel's 1448-byte segments of an upload arrive as chains of three buffers, which the stack copies into
 * one; downloads and the echo leave as TSO packets of several segments each. Both directions byte-exact.
 *
 * <p>Over IPv6, with TSO off (this DPDK's segmentation library, which net_tap cuts with, cuts TCP over IPv4 only):
 * every TCP segment leaves its checksum over the IPv6 pseudo-header to the driver, which the kernel checks.
 */
class TapOffloadsEndToEndTest {
    private static final String APPLIANCE = "198.18.79.1";
    private static final String PEER = "198.18.79.2";

    @Test
    void chainedReceiveAndTsoCarryDownloadsAndAnEchoByteExact(@TempDir Path dir) throws Exception {
        TestNetwork.requireRoot();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[2 << 20];
        new Random(79).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        byte[] payload = new byte[4 << 20];
        new Random(80).nextBytes(payload);
        Path sent = dir.resolve("payload.bin");
        Files.write(sent, payload);
        String output;
        try (TestBed bed = TestBed.open()) {
            Namespace peer = bed.namespace("tap");
            String tap = bed.name("tap");
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", "net_tap0,iface=" + tap,
                    "--rx-data-room", "512", "--tso", "on", "--ip", APPLIANCE + "/24", "--cores", "1",
                    "--idle", "backoff", "--docroot", site.toString(), "--echo", "--metrics", "off")) {
                String offloads = appliance.awaitLine("lightpath: offloads:", 60);
                assertTrue(offloads.matches(".*: rx \\S*scatter\\S*; tx \\S*tcp-tso\\S*multi-segs.*"), offloads);
                assertTrue(appliance.awaitLine("lightpath: receive buffers", 10).contains(
                        "receive buffers of 512 bytes, frames up to 1598 bytes: scattered receive on"));
                String tso = appliance.awaitLine("lightpath: TSO", 10);
                assertTrue(tso.startsWith("lightpath: TSO on"), tso);
                System.out.println(tso);
                appliance.awaitLine("ready", 60);
                // The driver made the interface in this namespace; the peer lives in the test's own.
                TestNetwork.run("ip", "link", "set", tap, "netns", peer.name());
                bed.address(peer, tap, PEER + "/24");
                TestNetwork.run("ip", "-n", peer.name(), "link", "set", tap, "up");
                for (int i = 0; i < 3; i++) {
                    Path out = dir.resolve("big-" + i);
                    TestNetwork.run("ip", "netns", "exec", peer.name(), "curl", "-sS", "--max-time", "60", "-o",
                            out.toString(), "http://" + APPLIANCE + "/big.bin");
                    assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "2 MB download " + i + ", byte-exact");
                }
                Path echoed = dir.resolve("echoed.bin");
                TestNetwork.run("ip", "netns", "exec", peer.name(), "sh", "-c", "timeout 100 socat -t 60 -b 65536 "
                        + "- TCP4:" + APPLIANCE + ":7 < " + sent + " > " + echoed);
                assertEquals(sha256(payload), sha256(Files.readAllBytes(echoed)), "4 MB echoed, byte-exact");
                // The appliance stops while its interface still exists: the namespace goes after it.
                assertEquals(0, appliance.terminate(), appliance.output());
                output = appliance.output();
            }
        }
        ApplianceProcess.assertMempoolWhole(output);
        assertTrue(output.matches("(?s).*receive pool (\\d+) of \\1 free.*"), "every receive buffer back: " + output);
        long chained = counter(output, "net.rx.chained");
        long chainSegments = counter(output, "net.rx.chain_segments");
        assertTrue(chained > payload.length / 1448, "the upload's full segments arrived chained: " + output);
        assertTrue(chainSegments > 2 * chained, "a 1514-byte frame in 512-byte buffers takes three: " + output);
        long tsoPackets = counter(output, "tcp.tso.packets");
        long tsoSegments = counter(output, "tcp.tso.segments");
        long frames = counter(output, "net.tx.frames");
        long onTheWire = tsoSegments + frames - tsoPackets;
        assertTrue(tsoPackets > 0 && tsoSegments > 2 * tsoPackets, "TSO packets of several segments: " + output);
        assertTrue(frames * 3 < onTheWire * 2, "a third fewer packets handed to the port than segments on the wire: "
                + frames + " for " + onTheWire);
        System.out.printf("net_tap: %d packets handed to the port (%d TSO, cut into %d segments), %d segments on "
                + "the wire; %d frames received chained in %d buffers%n", frames, tsoPackets, tsoSegments, onTheWire,
                chained, chainSegments);
        for (String drop : new String[] {"net.drop.chain_too_long", "net.drop.chain_no_buffer",
                "net.drop.chain_malformed", "net.drop.tx_full", "net.drop.l4_checksum", "tcp.resets.sent"}) {
            assertEquals(0, counter(output, drop), drop + ": " + output);
        }
    }

    @Test
    void overIpv6TheDriverFillsInTheTcpChecksumsOfADownloadAndAnEcho(@TempDir Path dir) throws Exception {
        TestNetwork.requireRoot();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[2 << 20];
        new Random(81).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        byte[] payload = new byte[1 << 20];
        new Random(82).nextBytes(payload);
        Path sent = dir.resolve("payload.bin");
        Files.write(sent, payload);
        String appliance6 = "2001:db8:79::1";
        String output;
        try (TestBed bed = TestBed.open()) {
            Namespace peer = bed.namespace("tap6");
            String tap = bed.name("tap6");
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", "net_tap0,iface=" + tap,
                    "--tso", "on", "--ip", APPLIANCE + "/24", "--ip", appliance6 + "/64", "--cores", "1",
                    "--idle", "backoff", "--docroot", site.toString(), "--echo", "--metrics", "off")) {
                String offloads = appliance.awaitLine("lightpath: offloads:", 60);
                assertTrue(offloads.matches(".*; tx \\S*tcp-cksum.*"), offloads);
                appliance.awaitLine("ready", 60);
                String addressIsOurs = "duplicate address detection: " + appliance6 + "/64 is ours";
                if (!appliance.output().contains(addressIsOurs)) {
                    appliance.awaitLine(addressIsOurs, 30);
                }
                TestNetwork.run("ip", "link", "set", tap, "netns", peer.name());
                TestNetwork.run("ip", "-n", peer.name(), "-6", "addr", "add", "2001:db8:79::2/64", "dev", tap, "nodad");
                TestNetwork.run("ip", "-n", peer.name(), "link", "set", tap, "up");
                Path out = dir.resolve("big-ipv6");
                TestNetwork.run("ip", "netns", "exec", peer.name(), "curl", "-6", "-sS", "--max-time", "60", "-o",
                        out.toString(), "http://[" + appliance6 + "]/big.bin");
                assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "2 MB over IPv6, byte-exact");
                Path echoed = dir.resolve("echoed.bin");
                TestNetwork.run("ip", "netns", "exec", peer.name(), "sh", "-c", "timeout 100 socat -t 60 -b 65536 "
                        + "- TCP6:[" + appliance6 + "]:7 < " + sent + " > " + echoed);
                assertEquals(sha256(payload), sha256(Files.readAllBytes(echoed)), "1 MB echoed over IPv6, byte-exact");
                assertEquals(0, appliance.terminate(), appliance.output());
                output = appliance.output();
            }
        }
        ApplianceProcess.assertMempoolWhole(output);
        long byPort = counter(output, "net.ipv6.tx.checksum_by_port");
        assertTrue(byPort > (3 << 20) / 1428, "every segment of the download and the echo: " + output);
        assertTrue(byPort > counter(output, "net.ipv6.tx.packets") - 10,
                "all but the Neighbour Discovery messages: " + output);
        // net_tap cuts TSO packets with DPDK's GSO library, which knows TCP over IPv4 only: IPv6 gets no TSO there.
        assertEquals(0, counter(output, "tcp.tso.packets"), "no TSO packet over IPv6 on net_tap: " + output);
        for (String drop : new String[] {"net.ipv6.drop.checksum", "net.drop.tx_full", "tcp.resets.sent"}) {
            assertEquals(0, counter(output, drop), drop + ": " + output);
        }
        System.out.printf("net_tap over IPv6: %d TCP segments whose checksum the driver filled in%n", byPort);
    }

    private static long counter(String output, String name) {
        return ApplianceProcess.coreCounter(output, "total", name);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
