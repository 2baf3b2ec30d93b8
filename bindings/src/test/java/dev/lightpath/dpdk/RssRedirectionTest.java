package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The redirection table written into a port and read back through ethdev. {@code net_null} is the one virtual
 * device in Debian's DPDK that keeps a redirection table (128 entries) and answers queries about it; it hashes
 * nothing, so this shows the table reaches the driver intact, group by group, not that frames follow it.
 */
class RssRedirectionTest {
    @Test
    void aTableForAnyQueueCountIsWrittenAndReadBackWhole() {
        TestEal.get();
        try (Mempool pool = Mempool.create(TestEal.uniqueName("rss"), 2047, 64, 2048, 0)) {
            for (int queues : new int[] {2, 3, 5, 8}) {
                Port port = Port.open(TestEal.get().probe(TestEal.uniqueName("net_null")));
                try {
                    port.configure(new PortConfig(queues, queues, 256, 256, true, null, false, false), pool);
                    port.start();
                    assertTrue(port.rssEnabled(), port + " takes RSS with " + queues + " queues");
                    int size = port.info().retaSize();
                    assertEquals(128, size, "net_null's table");
                    int[] table = new int[size];
                    for (int i = 0; i < size; i++) {
                        table[i] = (i * 7 + queues) % queues; // not the driver's default, so a read-back proves the write
                    }
                    port.programRss(null, table);
                    assertArrayEquals(table, port.redirectionTable(), queues + " queues");
                } finally {
                    port.close();
                }
            }
        }
    }

    @Test
    void tablesThatDoNotFitThePortAreRefusedBeforeDpdkSeesThem() {
        TestEal.get();
        try (Mempool pool = Mempool.create(TestEal.uniqueName("rss"), 2047, 64, 2048, 0)) {
            Port port = Port.open(TestEal.get().probe(TestEal.uniqueName("net_null")));
            try {
                port.configure(new PortConfig(2, 2, 256, 256, true, null, false, false), pool);
                port.start();
                int[] before = port.redirectionTable();
                IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                        () -> port.programRss(null, new int[64]));
                assertTrue(size.getMessage().contains("128 entries"), size.getMessage());
                int[] tooFar = new int[128];
                tooFar[5] = 2;
                IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                        () -> port.programRss(null, tooFar));
                assertTrue(queue.getMessage().contains("2 receive queues"), queue.getMessage());
                assertArrayEquals(before, port.redirectionTable(), "nothing was written");
            } finally {
                port.close();
            }
        }
    }

    @Test
    void aPortConfiguredWithoutRssRefusesATable() {
        TestEal.get();
        try (Mempool pool = Mempool.create(TestEal.uniqueName("rss"), 2047, 64, 2048, 0)) {
            Port port = Port.open(TestEal.get().probe(TestEal.uniqueName("net_null")));
            try {
                port.configure(new PortConfig(1, 1, 256, 256, true, null, false, false), pool);
                int[] table = new int[port.info().retaSize()];
                Arrays.fill(table, 0);
                assertThrows(IllegalStateException.class, () -> port.programRss(null, table));
            } finally {
                port.close();
            }
        }
    }
}
