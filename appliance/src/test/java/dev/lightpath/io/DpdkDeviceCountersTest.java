package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;
import dev.lightpath.dpdk.PortStats;
import dev.lightpath.dpdk.PortStatsSampler;
import dev.lightpath.engine.DeviceCounters;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.metrics.CountersSnapshot;
import dev.lightpath.metrics.SharedCounters;
import dev.lightpath.testing.TestDpdk;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool and port counters on a real DPDK mempool and poll-mode driver (a net_ring loopback): the mempool's free
 * count ({@code rte_mempool_avail_count}) and the port's stats ({@code rte_eth_stats_get}) read from Java,
 * published into a counters file and read back as {@code appliance stat} reads them. Beside {@link DpdkPoolTest}:
 * the EAL pins the test JVM's thread to core 0, which processes started after it inherit, so the DPDK tests stay
 * in a package that runs after the end-to-end tests.
 */
@Timeout(60)
class DpdkDeviceCountersTest {
    private static final int CORE = 5;
    private static final int FRAMES = 100;

    @TempDir
    Path dir;

    @Test
    void theMempoolsFreeCountLowWaterMarkAndThePortsStatsReachTheCountersFile() {
        var eal = TestDpdk.eal();
        CachedEpochClock epoch = new CachedEpochClock();
        epoch.update(System.currentTimeMillis());
        try (Mempool mempool = Mempool.create(TestDpdk.uniqueName("counted"), 1023, 32, 2048, 0);
             Port port = Port.open(eal.probe("net_ring" + TestDpdk.uniqueName("counted")))) {
            port.configure(new PortConfig(1, 1, 256, 256, false, null, false, false), mempool);
            port.start();
            try (DpdkPool pool = new DpdkPool(mempool);
                 PortStatsSampler stats = port.statsSampler();
                 MbufBurst held = new MbufBurst(512);
                 MbufBurst frames = new MbufBurst(128)) {
                DeviceCounters device = new DeviceCounters(pool, stats);
                int start = pool.available();
                assertTrue(start > 1000, "nearly the whole pool free after the port started: " + start);
                assertEquals(start, pool.lowWater());
                Path file = dir.resolve("device.counters");
                try (SharedCounters shared = new SharedCounters(file, List.of(CORE), List.of(device), 1_000_000L,
                        epoch);
                     CountersFileReader reader = CountersFileReader.attach(file)) {
                    assertTrue(pool.allocate(held, 400));
                    assertTrue(pool.allocate(frames, FRAMES));
                    for (int i = 0; i < FRAMES; i++) {
                        writeFrame(frames.get(i), i);
                    }
                    assertEquals(FRAMES, port.transmit(0, frames));
                    long now = 0;
                    device.sample(now);
                    shared.publisher(0).publish();
                    CountersSnapshot loaded = reader.snapshot();
                    assertEquals(1023, loaded.value("mempool.size", CORE));
                    assertEquals(start - 400 - FRAMES, loaded.value("mempool.free", CORE),
                            "the frames in the ring are out of the pool too");
                    assertEquals(start - 400 - FRAMES, loaded.value("mempool.low_water", CORE));
                    assertEquals(0, stats.rxPackets(), "nothing received yet: the frames wait in the ring");

                    int received = 0;
                    while (received < FRAMES) {
                        received += port.receive(0, frames);
                        pool.free(frames);
                    }
                    pool.free(held);
                    device.sample(now + 1_000_000L);
                    shared.publisher(0).publish();
                    CountersSnapshot back = reader.snapshot();
                    assertEquals(start, back.value("mempool.free", CORE), "every mbuf back");
                    assertEquals(start - 400 - FRAMES, back.value("mempool.low_water", CORE),
                            "the mark stays at the least count sampled");
                    assertEquals(start - 400 - FRAMES, pool.lowWater());
                    assertEquals(0, stats.rxPackets(), "the port is read at its own, longer interval");

                    device.sample(now + DeviceCounters.PORT_INTERVAL_NANOS);
                    shared.publisher(0).publish();
                    PortStats direct = port.stats();
                    CountersSnapshot ported = reader.snapshot();
                    assertEquals(direct.rxMissed(), ported.value("port.rx.missed", CORE));
                    assertEquals(direct.rxNoMbuf(), ported.value("port.rx.no_mbuf", CORE));
                    assertEquals(direct.rxErrors(), ported.value("port.rx.errors", CORE));
                    assertEquals(0, direct.rxMissed() + direct.rxNoMbuf() + direct.rxErrors(),
                            "a loopback ring loses nothing");
                    assertEquals(FRAMES, stats.rxPackets(), "net_ring's transmit is its own receive");
                    assertTrue(loaded.byName().containsKey("port.rx.missed"));
                }
                pool.flushReleased();
            } finally {
                port.stop();
            }
            assertEquals(1023, mempool.available());
        }
    }

    /** A broadcast frame of a local experimental EtherType, 64 bytes. */
    private static void writeFrame(long mbuf, int sequence) {
        long data = Mbuf.data(mbuf);
        NativeMemory.putI32Be(data, 0xFFFFFFFF);
        NativeMemory.putU16Be(data + 4, 0xFFFF);
        NativeMemory.putI32Be(data + 6, 0x02000000);
        NativeMemory.putU16Be(data + 10, 0x0001);
        NativeMemory.putU16Be(data + 12, 0x88B5);
        NativeMemory.putI32Be(data + 14, sequence);
        Mbuf.length(mbuf, 64);
    }
}
