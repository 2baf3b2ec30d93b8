package dev.lightpath.io;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.testing.TestDpdk;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpdkPoolTest {
    @Test
    void singleAllocationsAreServedFromLocalStashesAndAccountedFor() {
        Eal eal = TestDpdk.eal();
        try (Mempool mempool = Mempool.create(TestDpdk.uniqueName("stash"), 127, 0, 2048, 0);
             DpdkPool pool = new DpdkPool(mempool)) {
            int start = pool.available();
            assertEquals(127, start);
            Set<Long> taken = new HashSet<>();
            long mbuf;
            while ((mbuf = pool.allocate()) != 0) {
                assertTrue(taken.add(mbuf), "each mbuf once");
                assertEquals(Mbuf.HEADROOM, Mbuf.dataOffset(mbuf));
            }
            assertEquals(127, taken.size(), "the whole pool can be drawn one by one, then 0");
            assertEquals(0, pool.available());
            for (long m : taken) {
                pool.free(m);
            }
            assertEquals(start, pool.available(), "stashed frees count as available");
            pool.flushReleased();
            assertEquals(start, mempool.available(), "and reach the mempool when flushed");
            assertNotEquals(0, pool.allocate());
            assertNotEquals(null, eal);
        }
    }

    @Test
    void burstAllocationIsAllOrNothing() {
        TestDpdk.eal();
        try (Mempool mempool = Mempool.create(TestDpdk.uniqueName("bulk"), 40, 0, 2048, 0);
             DpdkPool pool = new DpdkPool(mempool);
             MbufBurst burst = new MbufBurst()) {
            assertTrue(pool.allocate(burst, 32));
            try (MbufBurst more = new MbufBurst()) {
                assertTrue(!pool.allocate(more, 32), "only 8 left");
                assertEquals(0, more.count());
            }
            pool.free(burst);
            assertEquals(40, pool.available());
        }
    }
}
