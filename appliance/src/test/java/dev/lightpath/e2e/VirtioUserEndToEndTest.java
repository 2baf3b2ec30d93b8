package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The appliance on {@code net_virtio_user}, the driver of a cloud VM's NIC, against a vhost-user back end in
 * another DPDK process, on hugepages as vhost-user needs.
 *
 * <p>What virtio and {@code net_vhost} negotiate here: receive and transmit TCP/UDP checksums (VIRTIO_NET_F_CSUM
 * and GUEST_CSUM). Not the IPv4 header checksum: virtio has no such feature, so the stack always sums that header
 * itself. TSO only with {@code net_vhost}'s {@code tso=1} devarg: then the appliance's packets of many segments
 * reach the back end whole, and a bridge has net_tap cut them for the kernel. Each of those is asserted from the
 * start-up log, so a DPDK that negotiates differently shows.
 *
 * <p>Two peers: a bridge to a veth, so that curl in a namespace downloads byte-exact through virtio, with the
 * appliance's checksums completed by the vhost driver; and the load generator on {@code net_vhost} itself, whose
 * transmitted checksums are left to the device too, so the appliance receives frames whose checksum field is not
 * filled in yet and which virtio marks as intact ({@code RTE_MBUF_F_RX_L4_CKSUM_NONE}).
 */
class VirtioUserEndToEndTest {
    private static final int PAGES = 160;
    private static final String TSO_APPLIANCE = "198.18.82.1";
    private static final String TSO_PEER = "198.18.82.2";
    private static final int START_MARGIN_SECONDS = 30;
    private static final Pattern OFFLOADS = Pattern.compile("lightpath: offloads: rx (\\S+); tx (\\S+) \\((\\S+) offers rx (\\S+); tx ([^)]+)\\)");

    @Test
    void servesCurlByteExactThroughVirtioWithAndWithoutChecksumOffload(@TempDir Path dir) throws Exception {
        TestNetwork.requireRoot();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[1 << 20];
        new Random(81).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        byte[] small = "a small page\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Files.write(site.resolve("small.txt"), small);
        try (HugepageLease pages = new HugepageLease(PAGES, dir); TestNetwork network = new TestNetwork(81)) {
            for (boolean offload : new boolean[] {true, false}) {
                Path socket = dir.resolve("vu-" + offload + ".sock");
                String output;
                try (ApplianceProcess appliance = new ApplianceProcess("run",
                        "--device", "net_virtio_user0,path=" + socket + ",server=1",
                        "--checksum-offload", offload ? "on" : "off", "--ip", network.applianceAddress() + "/24",
                        "--cores", "0", "--idle", "backoff", "--docroot", site.toString(), "--metrics", "off");
                     Bridge bridge = new Bridge("net_vhost0,iface=" + socket + ",client=1", network.device(),
                             dir.resolve("bridge-" + offload + ".log"))) {
                    String memory = appliance.awaitLine("lightpath: memory:", 90);
                    assertTrue(memory.contains("hugepages") && memory.contains("in memory"), memory);
                    Matcher offloads = OFFLOADS.matcher(appliance.awaitLine("lightpath: offloads:", 30));
                    assertTrue(offloads.find(), appliance.output());
                    assertEquals("net_virtio_user0", offloads.group(3));
                    assertNegotiatedHere(offloads);
                    if (offload) {
                        assertEquals("udp-cksum,tcp-cksum", offloads.group(1), "rx checksums checked by the port");
                        assertEquals("udp-cksum,tcp-cksum", offloads.group(2), "tx checksums filled in by the port");
                    } else {
                        assertEquals("none", offloads.group(1));
                        assertEquals("none", offloads.group(2));
                    }
                    appliance.awaitLine("ready", 60);
                    bridge.awaitUp(30);
                    for (int i = 0; i < 3; i++) {
                        Path out = dir.resolve("big-" + offload + "-" + i);
                        network.inNamespace("curl", "-sS", "--max-time", "60", "-o", out.toString(),
                                "http://" + network.applianceAddress() + "/big.bin");
                        assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "1 MB byte-exact, offload " + offload);
                    }
                    Path out = dir.resolve("small-" + offload);
                    network.inNamespace("curl", "-sS", "--max-time", "30", "-o", out.toString(),
                            "http://" + network.applianceAddress() + "/small.txt");
                    assertArrayEquals(small, Files.readAllBytes(out));
                    assertEquals(0, appliance.terminate(), appliance.output());
                    output = appliance.output();
                }
                ApplianceProcess.assertMempoolWhole(output);
                long byPort = ApplianceProcess.coreCounter(output, "total", "net.tx.checksum_by_port");
                long sent = ApplianceProcess.coreCounter(output, "total", "tcp.segments.sent");
                if (offload) {
                    assertEquals(sent, byPort, "every TCP segment's checksum left to virtio:\n" + output);
                } else {
                    assertEquals(0, byPort, output);
                    assertEquals(0, ApplianceProcess.coreCounter(output, "total", "net.rx.checksum_by_port"), output);
                }
                assertEquals(0, ApplianceProcess.coreCounter(output, "total", "net.drop.l4_checksum"), output);
                assertEquals(0, ApplianceProcess.coreCounter(output, "total", "net.drop.ip_checksum"), output);
                assertEquals(4, ApplianceProcess.coreCounter(output, "total", "http.responses.2xx"), output);
            }
        }
    }

    /**
     * TSO through virtio: with {@code net_vhost}'s {@code tso=1} the two negotiate it, the appliance hands its
     * virtio device packets of many segments, and the bridge behind it has net_tap cut them for the kernel, as a
     * hypervisor's switch does for a guest. curl downloads byte-exact.
     */
    @Test
    void hasItsTsoPacketsCutBehindVirtioByteExact(@TempDir Path dir) throws Exception {
        TestNetwork.requireRoot();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[2 << 20];
        new Random(82).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        Path socket = dir.resolve("vu-tso.sock");
        String output;
        long lastCut;
        try (HugepageLease pages = new HugepageLease(PAGES, dir); TestBed bed = TestBed.open()) {
            Namespace peer = bed.namespace("vtso");
            String tap = bed.name("vtso");
            try (ApplianceProcess appliance = new ApplianceProcess("run",
                    "--device", "net_virtio_user0,path=" + socket + ",server=1", "--tso", "on",
                    "--ip", TSO_APPLIANCE + "/24", "--cores", "0", "--idle", "backoff", "--docroot", site.toString(),
                    "--metrics", "off");
                 Bridge bridge = new Bridge("net_vhost0,iface=" + socket + ",client=1,tso=1", "net_tap0,iface=" + tap,
                         dir.resolve("bridge-tso.log"))) {
                String tso = appliance.awaitLine("lightpath: TSO", 90);
                assertTrue(tso.startsWith("lightpath: TSO on"), tso);
                appliance.awaitLine("ready", 60);
                bridge.awaitUp(30);
                TestNetwork.run("ip", "link", "set", tap, "netns", peer.name());
                bed.address(peer, tap, TSO_PEER + "/24");
                TestNetwork.run("ip", "-n", peer.name(), "link", "set", tap, "up");
                for (int i = 0; i < 3; i++) {
                    Path out = dir.resolve("big-tso-" + i);
                    TestNetwork.run("ip", "netns", "exec", peer.name(), "curl", "-sS", "--max-time", "60", "-o",
                            out.toString(), "http://" + TSO_APPLIANCE + "/big.bin");
                    assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "2 MB download " + i + ", byte-exact");
                }
                lastCut = bridge.awaitCut(10);
                assertEquals(0, appliance.terminate(), appliance.output());
                output = appliance.output();
            }
        }
        ApplianceProcess.assertMempoolWhole(output);
        long tsoPackets = ApplianceProcess.coreCounter(output, "total", "tcp.tso.packets");
        long tsoSegments = ApplianceProcess.coreCounter(output, "total", "tcp.tso.segments");
        assertTrue(tsoPackets > 0 && tsoSegments > 2 * tsoPackets, "TSO packets of several segments: " + output);
        System.out.printf("virtio-user TSO: %d packets handed to virtio as %d segments; the bridge had %d cut%n",
                tsoPackets, tsoSegments, lastCut);
    }

    @Test
    void takesFramesWhoseChecksumsThePeerLeftToTheDevice(@TempDir Path dir) throws Exception {
        String[] outputs = againstTheLoadGenerator(dir, 1500);
        String applianceOutput = outputs[0];
        String loadgenOutput = outputs[1];
        assertEquals(counter(loadgenOutput, "tcp.segments.sent"), counter(loadgenOutput, "net.tx.checksum_by_port"),
                "the load generator left every TCP checksum to net_vhost: " + loadgenOutput);
        // The load generator left its checksums to the device; virtio vouched for the data instead.
        long received = ApplianceProcess.coreCounter(applianceOutput, "total", "tcp.segments.received");
        assertTrue(received > 0, applianceOutput);
        assertEquals(received, ApplianceProcess.coreCounter(applianceOutput, "total", "net.rx.checksum_by_port"),
                applianceOutput);
        assertTrue(counter(loadgenOutput, "net.rx.checksum_by_port") > 0, loadgenOutput);
    }

    @Test
    void carriesJumboFramesThroughVirtio(@TempDir Path dir) throws Exception {
        String[] outputs = againstTheLoadGenerator(dir, 9000);
        String applianceOutput = outputs[0];
        assertTrue(applianceOutput.contains("lightpath: MTU 9000 on net_virtio_user0: frames up to 9098 bytes in one "
                + "mbuf, MSS 8960"), applianceOutput);
        long frames = ApplianceProcess.coreCounter(applianceOutput, "total", "net.tx.frames");
        long bytes = ApplianceProcess.coreCounter(applianceOutput, "total", "net.tx.bytes");
        assertTrue(bytes / frames > 4000, "jumbo frames out: " + bytes + " bytes in " + frames + " frames");
    }

    /**
     * Jumbo frames into 2 kB receive buffers on both sides: virtio-user takes scattered receive (its mergeable
     * receive buffers chain a long frame), net_vhost does not offer it but chains a long frame over the pool's
     * buffers anyway; each stack copies the chains into one of its whole-frame buffers.
     */
    @Test
    void receivesJumboFramesChainedIntoSmallBuffersOnBothSides(@TempDir Path dir) throws Exception {
        String[] outputs = againstTheLoadGenerator(dir, 9000, "--rx-data-room", "2048");
        String applianceOutput = outputs[0];
        String loadgenOutput = outputs[1];
        assertTrue(applianceOutput.contains("lightpath: receive buffers of 2048 bytes, frames up to 9098 bytes: "
                + "scattered receive on"), applianceOutput);
        long chained = counter(loadgenOutput, "net.rx.chained");
        assertTrue(chained > 0, "the downloads' jumbo frames reached the load generator chained: " + loadgenOutput);
        assertTrue(counter(loadgenOutput, "net.rx.chain_segments") >= 4 * chained, loadgenOutput);
        for (String output : outputs) {
            for (String drop : new String[] {"net.drop.chain_too_long", "net.drop.chain_no_buffer",
                    "net.drop.chain_malformed"}) {
                assertEquals(0, counter(output, drop), drop + ": " + output);
            }
        }
        assertTrue(applianceOutput.matches("(?s).*receive pool (\\d+) of \\1 free.*"), applianceOutput);
        System.out.printf("virtio-user/vhost, 2 kB receive buffers at MTU 9000: %d responses; the load generator "
                + "received %d frames chained%n", counter(loadgenOutput, "loadgen.responses"), chained);
    }

    /**
     * The appliance on virtio-user and the load generator on net_vhost, both at {@code mtu} and with {@code extra}
     * arguments, downloading a 256 kB page for 2 s; checks what holds at any MTU and returns both outputs.
     */
    private static String[] againstTheLoadGenerator(Path dir, int mtu, String... extra) throws Exception {
        TestNetwork.requireRoot();
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] page = new byte[256 << 10];
        new Random(76).nextBytes(page);
        Files.write(site.resolve("page.bin"), page);
        Path socket = dir.resolve("vu.sock");
        try (HugepageLease pages = new HugepageLease(PAGES, dir)) {
            // The appliance's virtio port waits in the EAL for its back end, so the load generator starts first and
            // cannot see when the appliance is ready: it is told to begin sending at a time the appliance is ready by.
            long startAt = System.currentTimeMillis() / 1000 + START_MARGIN_SECONDS;
            String applianceOutput;
            String loadgenOutput;
            try (ApplianceProcess appliance = new ApplianceProcess(withExtra(List.of("run",
                    "--device", "net_virtio_user0,path=" + socket + ",server=1", "--ip", "198.18.76.1/24",
                    "--mtu", Integer.toString(mtu),
                    "--cores", "0", "--idle", "backoff", "--docroot", site.toString(), "--metrics", "off"), extra));
                 ApplianceProcess loadgen = new ApplianceProcess(withExtra(List.of("loadgen",
                         "--device", "net_vhost0,iface=" + socket + ",client=1", "--ip", "198.18.76.2/24",
                         "--mtu", Integer.toString(mtu),
                         "--cores", "1", "--idle", "backoff", "--url", "http://198.18.76.1/page.bin", "-c", "2",
                         "-d", "2s", "--counters", "--await-peer-close", "30s", "--start-at", Long.toString(startAt)),
                         extra))) {
                appliance.awaitLine("ready", START_MARGIN_SECONDS);
                assertTrue(System.currentTimeMillis() / 1000 < startAt, "the appliance was ready only after the load "
                        + "generator began:\n" + appliance.output());
                loadgen.awaitLine("waiting for the peer to close the link", 90);
                assertEquals(0, appliance.terminate(), appliance.output());
                assertEquals(0, loadgen.awaitExit(60), loadgen.output() + "\nthe appliance:\n" + appliance.output());
                applianceOutput = appliance.output();
                loadgenOutput = loadgen.output();
            }
            long responses = counter(loadgenOutput, "loadgen.responses");
            assertTrue(responses >= 1, loadgenOutput);
            assertEquals(responses, ApplianceProcess.coreCounter(applianceOutput, "total", "http.responses.2xx"),
                    applianceOutput);
            assertTrue(ApplianceProcess.coreCounter(applianceOutput, "total", "http.response_bytes")
                    > responses * page.length, applianceOutput);
            assertEquals(0, ApplianceProcess.coreCounter(applianceOutput, "total", "net.drop.l4_checksum"),
                    applianceOutput);
            assertEquals(0, counter(loadgenOutput, "net.drop.l4_checksum"), loadgenOutput);
            ApplianceProcess.assertMempoolWhole(applianceOutput);
            return new String[] {applianceOutput, loadgenOutput};
        }
    }

    private static String[] withExtra(List<String> args, String... extra) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** What this machine's DPDK negotiates between virtio-user and net_vhost, so a change in it shows here. */
    private static void assertNegotiatedHere(Matcher offloads) {
        String rxOffered = offloads.group(4);
        String txOffered = offloads.group(5);
        assertFalse(rxOffered.contains("ipv4-cksum"), "virtio has no IPv4 header checksum offload: " + rxOffered);
        assertFalse(txOffered.contains("ipv4-cksum"), "virtio has no IPv4 header checksum offload: " + txOffered);
        assertFalse(txOffered.contains("tcp-tso"), "net_vhost offers TSO only with tso=1: " + txOffered);
        assertTrue(rxOffered.contains("tcp-cksum") && txOffered.contains("tcp-cksum"),
                "virtio-user and net_vhost negotiate TCP checksums: rx " + rxOffered + "; tx " + txOffered);
    }

    private static long counter(String output, String name) {
        Matcher value = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "\\s+([\\d,]+)$").matcher(output);
        return value.find() ? Long.parseLong(value.group(1).replace(",", "")) : 0;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** {@link VhostBridge} in its own JVM, its output in a file. */
    private static final class Bridge implements AutoCloseable {
        private final Process process;
        private final Path log;

        Bridge(String vhost, String kernel, Path log) throws Exception {
            this.log = log;
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dlightpath.shim=" + System.getProperty("lightpath.shim"),
                    "-cp", System.getProperty("java.class.path"),
                    VhostBridge.class.getName(), vhost, kernel, "lightpath-bridge-" + ProcessHandle.current().pid()));
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** Waits, bounded, for the bridge's ports to run; fails with its output when they do not. */
        void awaitUp(long timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!output().contains("bridge: up")) {
                assertTrue(process.isAlive(), "the bridge ended:\n" + output());
                assertTrue(System.nanoTime() < deadline, "the bridge is not up:\n" + output());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }

        /**
         * Waits, bounded, for the bridge to report packets it had the tap cut, and returns how many; fails with its
         * output when it reports none (the appliance's TSO packets did not reach it whole).
         */
        long awaitCut(long timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            Pattern cut = Pattern.compile("\\((\\d+) of them cut by the tap\\)");
            while (true) {
                Matcher reported = cut.matcher(output());
                long last = 0;
                while (reported.find()) {
                    last = Long.parseLong(reported.group(1));
                }
                if (last > 0) {
                    return last;
                }
                assertTrue(System.nanoTime() < deadline, "the bridge cut nothing:\n" + output());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        String output() throws Exception {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
