package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A port's stats read through {@link PortStatsSampler} on real poll-mode drivers: the same values as
 * {@link Port#stats()}, without allocating per read, and a receive loss ({@code rx_nombuf}) that a pool run dry
 * really causes.
 */
@Timeout(60)
class PortStatsSamplerTest {
    @Test
    void readsWhatPortStatsReadsAndAllocatesNothingPerRead() {
        TestEal.get();
        try (Mempool pool = Mempool.create(TestEal.uniqueName("sampled-pool"), 1023, 0, 2048, 0);
             Port port = TestEal.ringPort(pool);
             PortStatsSampler sampler = port.statsSampler();
             MbufBurst burst = new MbufBurst()) {
            assertTrue(pool.allocate(burst, 20));
            for (int i = 0; i < burst.count(); i++) {
                Frames.write(burst.get(i), i, 0x02_00_00_00_00_01L);
            }
            assertEquals(20, port.transmit(0, burst));
            assertEquals(20, port.receive(0, burst));
            Mempool.free(burst);
            sampler.read();
            PortStats stats = port.stats();
            assertEquals(20, sampler.rxPackets());
            assertEquals(stats.rxPackets(), sampler.rxPackets());
            assertEquals(stats.rxMissed(), sampler.rxMissed());
            assertEquals(stats.rxNoMbuf(), sampler.rxNoMbuf());
            assertEquals(stats.rxErrors(), sampler.rxErrors());

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long sum = 0;
            for (int i = 0; i < 50_000; i++) { // the JIT compiles the read before it is measured
                sampler.read();
                sum += sampler.rxPackets();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                sampler.read();
                sum += sampler.rxPackets() + sampler.rxMissed() + sampler.rxNoMbuf() + sampler.rxErrors();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(20L * 100_000, sum);
            // Port.stats() takes an arena and a record per read, hundreds of bytes; a few bytes over 50 000 reads
            // are the measuring's own.
            assertTrue(allocated < 50_000, "reads allocate nothing: " + allocated + " bytes over 50 000 reads");
        }
    }

    /**
     * net_tap replaces each mbuf it receives into with a fresh one from the pool; with the pool empty it drops the
     * frame and counts the failure in {@code rx_nombuf}, which the sampler must read. (DPDK 22.11's tap counted one
     * failure for the ten frames here, so the test asks for at least one.)
     */
    @Test
    void aPoolRunDryShowsAsRxNoMbuf() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean tools = Files.isExecutable(Path.of("/usr/sbin/ip")) && Files.isExecutable(Path.of("/usr/bin/python3"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root && tools, "CI runs as root with iproute2 and python3 installed");
        }
        assumeTrue(root && tools, "needs root, iproute2 and python3 to write frames into a tap interface");
        Eal eal = TestEal.get();
        String iface = "lpnb" + ProcessHandle.current().pid() % 100000;
        try (Mempool pool = Mempool.create(TestEal.uniqueName("dry-pool"), 1023, 0, 2048, 0);
             Port tap = Port.open(eal.probe(TestEal.uniqueName("net_tap") + ",iface=" + iface));
             PortStatsSampler sampler = tap.statsSampler();
             MbufBurst drained = new MbufBurst(1024);
             MbufBurst received = new MbufBurst()) {
            tap.configure(new PortConfig(1, 1, 512, 512, false, null, false, false), pool);
            tap.start();
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + iface + "/disable_ipv6"), "1");
            sh("ip", "link", "set", iface, "up");
            while (pool.allocate(drained, 1)) {
                // every mbuf the port's receive ring did not take
            }
            assertEquals(0, pool.available(), "the pool is dry");
            sampler.read();
            long before = sampler.rxNoMbuf();
            // Ten frames sent on the interface by the kernel arrive on the tap's receive queue.
            sh("python3", "-c", "import socket, sys\n"
                    + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                    + "s.bind((sys.argv[1], 0))\n"
                    + "for i in range(10):\n"
                    + "    s.send(bytes.fromhex('ffffffffffff02000000000288b5') + bytes([i]) * 50)\n", iface);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sampler.rxNoMbuf() == before && System.nanoTime() < deadline) {
                tap.receive(0, received);
                Mempool.free(received);
                sampler.read();
            }
            assertTrue(sampler.rxNoMbuf() > before, "a frame found no mbuf to replace its own");
            assertEquals(tap.stats().rxNoMbuf(), sampler.rxNoMbuf());
            Mempool.free(drained);
            tap.stop();
        }
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
