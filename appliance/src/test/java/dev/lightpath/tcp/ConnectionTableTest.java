package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ConnectionTableTest {
    @Test
    void insertLookupDelete() {
        ConnectionTable table = new ConnectionTable(8, 16);
        int h = ConnectionTable.hash(1, 2, 3, 4);
        assertTrue(table.insert(h, 1, 2, 3, 4, 5));
        assertEquals(5, table.lookup(h, 1, 2, 3, 4));
        assertEquals(-1, table.lookup(h, 1, 2, 3, 5));
        assertTrue(table.delete(h, 1, 2, 3, 4));
        assertEquals(-1, table.lookup(h, 1, 2, 3, 4));
        assertFalse(table.delete(h, 1, 2, 3, 4));
    }

    @Test
    void collidingHashesSurviveBackwardShiftDeletion() {
        ConnectionTable table = new ConnectionTable(16, 16);
        // Every flow gets the same first probe: the worst case for linear probing and backward shift.
        for (int i = 0; i < 10; i++) {
            assertTrue(table.insert(7, 1, 1000 + i, 2, 80, i));
        }
        assertTrue(table.delete(7, 1, 1003, 2, 80));
        assertTrue(table.delete(7, 1, 1000, 2, 80));
        for (int i = 0; i < 10; i++) {
            assertEquals(i == 0 || i == 3 ? -1 : i, table.lookup(7, 1, 1000 + i, 2, 80));
        }
    }

    @Test
    void probeBoundRefusesInsteadOfSearchingForever() {
        ConnectionTable table = new ConnectionTable(64, 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(table.insert(9, 1, i, 2, 80, i));
        }
        assertFalse(table.insert(9, 1, 99, 2, 80, 99));
    }

    @Test
    void deletionShiftsBackAcrossTheEndOfTheBuckets() {
        ConnectionTable table = new ConnectionTable(16, 16);
        // Hash -1 is the last bucket's: every flow after the first wraps to the front.
        for (int i = 0; i < 10; i++) {
            assertTrue(table.insert(-1, 1, 1000 + i, 2, 80, i));
        }
        assertTrue(table.delete(-1, 1, 1000, 2, 80));
        assertTrue(table.delete(-1, 1, 1005, 2, 80));
        for (int i = 0; i < 10; i++) {
            assertEquals(i == 0 || i == 5 ? -1 : i, table.lookup(-1, 1, 1000 + i, 2, 80));
        }
        assertEquals(8, table.size());
    }

    @Test
    void theLocalAddressTellsFlowsApart() {
        ConnectionTable table = new ConnectionTable(8, 16);
        assertTrue(table.insert(3, 1, 40000, 10, 80, 1));
        assertTrue(table.insert(3, 1, 40000, 11, 80, 2));
        assertEquals(1, table.lookup(3, 1, 40000, 10, 80));
        assertEquals(2, table.lookup(3, 1, 40000, 11, 80));
        assertTrue(table.delete(3, 1, 40000, 10, 80));
        assertEquals(2, table.lookup(3, 1, 40000, 11, 80));
    }

    @Test
    @Timeout(10)
    void aMissInATableWithNoEmptyBucketEndsAfterEveryBucket() {
        // Two connections make eight buckets; a bound above that is cut to it, and eight inserts fill every bucket.
        ConnectionTable table = new ConnectionTable(2, 1000);
        for (int i = 0; i < 8; i++) {
            assertTrue(table.insert(i * 5, 1, i, 2, 80, i));
        }
        assertFalse(table.insert(0, 1, 8, 2, 80, 8));
        assertEquals(-1, table.lookup(3, 1, 99, 2, 80));
        for (int i = 0; i < 8; i++) {
            assertEquals(i, table.lookup(i * 5, 1, i, 2, 80));
        }
    }

    @Test
    void aProbeBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionTable(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionTable6(8, 0));
    }

    @Test
    void randomOperationsAgreeWithAMap() {
        ConnectionTable table = new ConnectionTable(1024, 64);
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(5);
        for (int op = 0; op < 200_000; op++) {
            int remote = random.nextInt(64);
            int port = random.nextInt(64);
            long key = ((long) remote << 16) | port;
            int h = ConnectionTable.hash(remote, port, 10, 80);
            if (random.nextBoolean() && model.size() < 1024) {
                if (!model.containsKey(key)) {
                    assertTrue(table.insert(h, remote, port, 10, 80, op & 0xFFFF));
                    model.put(key, op & 0xFFFF);
                }
            } else if (model.remove(key) != null) {
                assertTrue(table.delete(h, remote, port, 10, 80));
            }
            int r2 = random.nextInt(64);
            int p2 = random.nextInt(64);
            Integer expected = model.get(((long) r2 << 16) | p2);
            assertEquals(expected == null ? -1 : expected, table.lookup(ConnectionTable.hash(r2, p2, 10, 80), r2, p2, 10, 80));
        }
        assertEquals(model.size(), table.size());
    }
}
