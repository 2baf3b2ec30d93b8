package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The virtual poll-mode drivers the project runs on without a NIC, driven by the same Java code a PCI NIC
 * would be: two memif ports joined in one process, af_packet on both ends of a veth, and a tap interface.
 */
class VirtualDevicesTest {
    private static final int FRAMES = 20_000;

    @Test
    void memifPairCarriesFramesBothWays() throws Exception {
        Eal eal = TestEal.get();
        Path socket = Files.createTempDirectory("memif").resolve("memif.sock");
        String server = TestEal.uniqueName("net_memif");
        String client = TestEal.uniqueName("net_memif");
        try (Mempool pool = Mempool.create(TestEal.uniqueName("memif-pool"), 8191, 0, 2048, 0)) {
            int poolStart = pool.available();
            try (Port a = start(eal.probe(server + ",role=server,socket=" + socket), pool);
                 Port b = start(eal.probe(client + ",role=client,socket=" + socket), pool)) {
                awaitLink(a, b);
                assertEquals(FRAMES, Frames.pump(a, b, pool, FRAMES));
                assertEquals(FRAMES, Frames.pump(b, a, pool, FRAMES));
            }
            assertEquals(poolStart, pool.available(), "every mbuf went back to the pool");
        }
    }

    /**
     * The order that keeps a memif end safe when its peer leaves (docs/MEMIF.md): the end that stays has stopped
     * polling, sees its link go down, and waits for DPDK's interrupt thread to finish the disconnect (which
     * unmaps its shared memory) before it stops its own port, which would otherwise free the regions again.
     */
    @Test
    void aMemifEndWhosePeerLeftWaitsOutTheDisconnectBeforeStopping() throws Exception {
        Eal eal = TestEal.get();
        Path socket = Files.createTempDirectory("memif").resolve("memif.sock");
        String server = TestEal.uniqueName("net_memif");
        String client = TestEal.uniqueName("net_memif");
        try (Mempool pool = Mempool.create(TestEal.uniqueName("memif-pool"), 8191, 0, 2048, 0)) {
            try (Port staying = start(eal.probe(server + ",role=server,socket=" + socket), pool);
                 Port leaving = start(eal.probe(client + ",role=client,socket=" + socket), pool)) {
                awaitLink(staying, leaving);
                assertEquals(FRAMES, Frames.pump(leaving, staying, pool, FRAMES));
                leaving.stop();
                assertTrue(staying.awaitLinkDown(java.time.Duration.ofSeconds(15)), "the peer's leaving took the link down");
                assertTrue(eal.awaitInterruptThread(java.time.Duration.ofSeconds(15)), "the disconnect finished");
                staying.stop();
            }
        }
    }

    @Test
    void afPacketOnAVethPair() throws Exception {
        requireRootTools();
        String left = "lpt" + ProcessHandle.current().pid() % 100000 + "a";
        String right = left.substring(0, left.length() - 1) + "b";
        vethPair(left, right);
        try {
            Eal eal = TestEal.get();
            try (Mempool pool = Mempool.create(TestEal.uniqueName("afp-pool"), 8191, 0, 2048, 0)) {
                int poolStart = pool.available();
                try (Port a = start(eal.probe(TestEal.uniqueName("net_af_packet") + ",iface=" + left), pool);
                     Port b = start(eal.probe(TestEal.uniqueName("net_af_packet") + ",iface=" + right), pool)) {
                    awaitLink(a, b);
                    int frames = 2_000;
                    assertEquals(frames, Frames.pump(a, b, pool, frames));
                }
                assertEquals(poolStart, pool.available());
            }
        } finally {
            sh("ip", "link", "del", left);
        }
    }

    /**
     * A burst the kernel takes only in part (the socket's send buffer full: here made small, and its frames kept
     * charged to it by RPS handing the peer's receive to the other CPU) leaves the rest in af_packet's ring, which
     * the PMD takes as sent and does not ask the kernel about again until its next burst. The port's kick gets
     * them out with no further burst.
     */
    @Test
    void framesLeftInTheAfPacketRingGoOutWithTheKick() throws Throwable {
        requireRootTools();
        // The machine's CPUs, not this thread's: the EAL pinned the thread that started it to one.
        long cpus;
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of("/sys/devices/system/cpu"))) {
            cpus = entries.filter(entry -> entry.getFileName().toString().matches("cpu\\d+")).count();
        }
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(cpus >= 2, "CI runs on two CPUs at least");
        }
        assumeTrue(cpus >= 2, "RPS to another CPU needs two");
        String left = "lpk" + ProcessHandle.current().pid() % 100000 + "a";
        String right = left.substring(0, left.length() - 1) + "b";
        vethPair(left, right);
        try {
            Eal eal = TestEal.get();
            int here = currentCpu();
            Files.writeString(Path.of("/sys/class/net/" + right + "/queues/rx-0/rps_cpus"),
                    Integer.toHexString(1 << (here == 0 ? 1 : 0)));
            Path arrived = Path.of("/sys/class/net/" + right + "/statistics/rx_packets");
            try (Mempool pool = Mempool.create(TestEal.uniqueName("kick-pool"), 1023, 0, 2048, 0)) {
                int poolStart = pool.available();
                try (Port a = start(eal.probe(TestEal.uniqueName("net_af_packet") + ",iface=" + left), pool)) {
                    awaitLink(a);
                    assertTrue(a.kicksTransmit(), "the port's socket was found");
                    PacketSocketKick sockets = PacketSocketKick.find(a.info().ifIndex(), 1);
                    assertNotNull(sockets);
                    setSendBuffer(sockets.socket(0), 1); // the kernel's least: a frame or two
                    long before = Long.parseLong(Files.readString(arrived).trim());
                    int frames = 32;
                    try (MbufBurst burst = new MbufBurst()) {
                        assertTrue(pool.allocate(burst, frames));
                        for (int i = 0; i < burst.count(); i++) {
                            Frames.write(burst.get(i), i, a.macAddress());
                        }
                        assertEquals(frames, a.transmit(0, burst), "the PMD takes the whole burst");
                    }
                    long atOnce = Long.parseLong(Files.readString(arrived).trim()) - before;
                    assertTrue(atOnce < frames, "the send buffer held some back: " + atOnce + " of " + frames);
                    int kicks = 0;
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (a.flushTransmit(0) != 0 && System.nanoTime() - deadline < 0) {
                        kicks++;
                    }
                    long total = awaitCount(arrived, before + frames) - before;
                    assertEquals(frames, total, "the kicks sent the rest (" + atOnce + " at once, " + kicks + " kicks)");
                    assertEquals(0, a.flushTransmit(0), "nothing left to kick");
                }
                assertEquals(poolStart, pool.available());
            }
        } finally {
            sh("ip", "link", "del", left);
        }
    }

    /** The CPU this thread runs on (the EAL pinned it to its main lcore). */
    private static int currentCpu() throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle sched = linker.downcallHandle(linker.defaultLookup().findOrThrow("sched_getcpu"),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
        return (int) sched.invokeExact();
    }

    private static void setSendBuffer(int socket, int bytes) throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle setsockopt = linker.downcallHandle(
                linker.defaultLookup().findOrThrow("setsockopt"),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                        java.lang.foreign.ValueLayout.JAVA_INT));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment value = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, bytes);
            assertEquals(0, (int) setsockopt.invokeExact(socket, 1 /* SOL_SOCKET */, 7 /* SO_SNDBUF */, value, 4));
        }
    }

    /** The counter once it reaches {@code target}, or its value after 10 s of reading it. */
    private static long awaitCount(Path counter, long target) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long value = Long.parseLong(Files.readString(counter).trim());
        while (value < target && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            value = Long.parseLong(Files.readString(counter).trim());
        }
        return value;
    }

    @Test
    void tapInterfaceReceivesWhatTheJavaSideSends() throws Exception {
        requireRootTools();
        Eal eal = TestEal.get();
        String iface = "lptap" + ProcessHandle.current().pid() % 100000;
        try (Mempool pool = Mempool.create(TestEal.uniqueName("tap-pool"), 1023, 0, 2048, 0);
             Port tap = start(eal.probe(TestEal.uniqueName("net_tap") + ",iface=" + iface), pool)) {
            sh("ip", "link", "set", iface, "up");
            Path rx = Path.of("/sys/class/net/" + iface + "/statistics/rx_packets");
            long before = Long.parseLong(Files.readString(rx).trim());
            try (MbufBurst burst = new MbufBurst()) {
                assertTrue(pool.allocate(burst, 16));
                for (int i = 0; i < burst.count(); i++) {
                    Frames.write(burst.get(i), i, tap.macAddress());
                }
                while (burst.count() > 0) {
                    tap.transmit(0, burst);
                }
            }
            long after = Long.parseLong(Files.readString(rx).trim());
            assertEquals(16, after - before, "the kernel counted the frames on " + iface);
        }
    }

    private static Port start(int id, Mempool pool) {
        Port port = Port.open(id);
        port.configure(new PortConfig(1, 1, 512, 512, false, null, false, false), pool);
        port.start();
        return port;
    }

    /** A veth pair, both ends up, offloads and IPv6 off (no frames of the kernel's own among those counted). */
    private static void vethPair(String left, String right) throws IOException, InterruptedException {
        sh("ip", "link", "add", left, "type", "veth", "peer", "name", right);
        for (String side : List.of(left, right)) {
            sh("ip", "link", "set", side, "up");
            sh("sh", "-c", "ethtool -K " + side + " tx off rx off tso off gso off gro off >/dev/null 2>&1 || true");
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + side + "/disable_ipv6"), "1");
        }
    }

    private static void awaitLink(Port... ports) {
        for (Port port : ports) {
            assertTrue(port.awaitLinkUp(java.time.Duration.ofSeconds(15)), port + " link did not come up within 15 s");
        }
    }

    private static void requireRootTools() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root && ip, "CI runs as root with iproute2 installed");
        }
        assumeTrue(root && ip, "needs root and iproute2 to create interfaces");
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
