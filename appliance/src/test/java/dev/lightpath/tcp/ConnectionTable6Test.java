package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ConnectionTable6Test {
    /** 2001:db8::/64, the prefix of every address here. */
    private static final long PREFIX = 0x20010DB800000000L;

    @Test
    void insertLookupDelete() {
        ConnectionTable6 table = new ConnectionTable6(8, 16);
        int h = ConnectionTable6.hash(PREFIX, 1, 40000, 2, 443);
        assertTrue(table.insert(h, PREFIX, 1, 40000, PREFIX, 2, 443, 5));
        assertEquals(5, table.lookup(h, PREFIX, 1, 40000, PREFIX, 2, 443));
        assertTrue(table.delete(h, PREFIX, 1, 40000, PREFIX, 2, 443));
        assertEquals(-1, table.lookup(h, PREFIX, 1, 40000, PREFIX, 2, 443));
        assertFalse(table.delete(h, PREFIX, 1, 40000, PREFIX, 2, 443));
        assertEquals(0, table.size());
    }

    @Test
    void everyWordOfTheTupleTellsFlowsApart() {
        ConnectionTable6 table = new ConnectionTable6(8, 16);
        // One hash for all, so each lookup below meets the stored flow and must tell it apart by its key alone.
        assertTrue(table.insert(3, PREFIX, 1, 40000, PREFIX, 2, 443, 7));
        assertEquals(7, table.lookup(3, PREFIX, 1, 40000, PREFIX, 2, 443));
        assertEquals(-1, table.lookup(3, PREFIX + 1, 1, 40000, PREFIX, 2, 443), "remote high");
        assertEquals(-1, table.lookup(3, PREFIX, 9, 40000, PREFIX, 2, 443), "remote low");
        assertEquals(-1, table.lookup(3, PREFIX, 1, 40001, PREFIX, 2, 443), "remote port");
        assertEquals(-1, table.lookup(3, PREFIX, 1, 40000, PREFIX + 1, 2, 443), "local high");
        assertEquals(-1, table.lookup(3, PREFIX, 1, 40000, PREFIX, 9, 443), "local low");
        assertEquals(-1, table.lookup(3, PREFIX, 1, 40000, PREFIX, 2, 80), "local port");
        assertFalse(table.delete(3, PREFIX, 1, 40000, PREFIX, 9, 443), "a near miss deletes nothing");
        assertEquals(1, table.size());
    }

    @Test
    void collidingHashesAcrossTheEndOfTheBucketsSurviveBackwardShiftDeletion() {
        ConnectionTable6 table = new ConnectionTable6(16, 16);
        // Hash -1 is the last bucket's: every flow after the first wraps to the front, and deletion shifts back across
        // the wrap.
        for (int i = 0; i < 10; i++) {
            assertTrue(table.insert(-1, PREFIX, 1, 1000 + i, PREFIX, 2, 80, i));
        }
        assertTrue(table.delete(-1, PREFIX, 1, 1000, PREFIX, 2, 80));
        assertTrue(table.delete(-1, PREFIX, 1, 1004, PREFIX, 2, 80));
        for (int i = 0; i < 10; i++) {
            assertEquals(i == 0 || i == 4 ? -1 : i, table.lookup(-1, PREFIX, 1, 1000 + i, PREFIX, 2, 80));
        }
        assertEquals(8, table.size());
    }

    @Test
    void probeBoundRefusesInsteadOfSearchingForever() {
        ConnectionTable6 table = new ConnectionTable6(64, 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(table.insert(9, PREFIX, 1, i, PREFIX, 2, 80, i));
        }
        assertFalse(table.insert(9, PREFIX, 1, 99, PREFIX, 2, 80, 99));
        assertEquals(3, table.lookup(9, PREFIX, 1, 3, PREFIX, 2, 80), "the last flow within the bound");
    }

    @Test
    @Timeout(10)
    void aMissInATableWithNoEmptyBucketEndsAfterEveryBucket() {
        // Two connections make eight buckets; a bound above that is cut to it, and eight inserts fill every bucket.
        ConnectionTable6 table = new ConnectionTable6(2, 1000);
        for (int i = 0; i < 8; i++) {
            assertTrue(table.insert(i * 5, PREFIX, 1, i, PREFIX, 2, 80, i));
        }
        assertFalse(table.insert(0, PREFIX, 1, 8, PREFIX, 2, 80, 8));
        assertEquals(-1, table.lookup(3, PREFIX, 1, 99, PREFIX, 2, 80));
        for (int i = 0; i < 8; i++) {
            assertEquals(i, table.lookup(i * 5, PREFIX, 1, i, PREFIX, 2, 80));
        }
    }

    @Test
    void randomOperationsAgreeWithAMap() {
        // Up to 200 flows in 256 buckets, with a load generator's many local addresses: long probe runs that wrap
        // around the end of the buckets, and deletions that shift whole runs back. The bound (cut to the 256 buckets)
        // never refuses, as some bucket is always empty.
        ConnectionTable6 table = new ConnectionTable6(64, 1024);
        Map<List<Long>, Integer> model = new HashMap<>();
        Random random = new Random(6);
        for (int op = 0; op < 200_000; op++) {
            long remote = random.nextInt(16);
            int port = random.nextInt(16);
            long local = random.nextInt(4);
            List<Long> key = List.of(remote, (long) port, local);
            int h = ConnectionTable6.hash(PREFIX, remote, port, local, 443);
            if (random.nextBoolean() && model.size() < 200) {
                if (!model.containsKey(key)) {
                    assertTrue(table.insert(h, PREFIX, remote, port, PREFIX, local, 443, op & 0xFFFF));
                    model.put(key, op & 0xFFFF);
                }
            } else if (model.remove(key) != null) {
                assertTrue(table.delete(h, PREFIX, remote, port, PREFIX, local, 443));
            }
            long r2 = random.nextInt(16);
            int p2 = random.nextInt(16);
            long l2 = random.nextInt(4);
            Integer expected = model.get(List.of(r2, (long) p2, l2));
            assertEquals(expected == null ? -1 : expected,
                    table.lookup(ConnectionTable6.hash(PREFIX, r2, p2, l2, 443), PREFIX, r2, p2, PREFIX, l2, 443));
        }
        assertEquals(model.size(), table.size());
    }
}
