package dev.lightpath.engine;

import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;
import dev.lightpath.testing.TestDpdk;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Which way the engine spreads flows on the ports this machine has, and that it says why. No virtual device here
 * redirects by a programmable table and key: net_null keeps a table but takes no key (and hashes nothing),
 * net_ring and af_packet have no RSS at all. Each falls back to the software steering with the software table.
 */
class RssSetupTest {
    @Test
    void aPortWithATableButNoKeyIsSteeredInSoftwareAndSaysWhy() {
        RssSetup setup = setUp("net_null", 3);
        assertFalse(setup.inHardware(), setup.description());
        assertTrue(setup.description().contains("takes no RSS key"), setup.description());
        assertEquals(RedirectionTable.software(3), setup.table());
    }

    @Test
    void aPortWithoutRssIsSteeredInSoftwareAndSaysWhy() {
        RssSetup setup = setUp("net_ring", 2);
        assertFalse(setup.inHardware(), setup.description());
        assertTrue(setup.description().contains("net_ring offers no RSS"), setup.description());
        assertEquals(RedirectionTable.software(2), setup.table());
    }

    @Test
    void oneWorkerNeedsNoSpreading() {
        RssSetup setup = setUp("net_null", 1);
        assertFalse(setup.inHardware());
        assertEquals("not needed (one queue)", setup.description());
    }

    private static RssSetup setUp(String driver, int workers) {
        TestDpdk.eal();
        try (Mempool pool = Mempool.create(TestDpdk.uniqueName("rss-setup"), 2047, 64, 2048, 0)) {
            Port port = Port.open(TestDpdk.eal().probe(TestDpdk.uniqueName(driver)));
            try {
                port.configure(new PortConfig(workers, workers, 256, 256, workers > 1,
                        RssHash.symmetricKey(40), false, false), pool);
                port.start();
                return RssSetup.apply(port, workers);
            } finally {
                port.close();
            }
        }
    }
}
