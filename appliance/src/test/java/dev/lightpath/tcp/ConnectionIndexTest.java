package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The 4-tuple index keeps only a flow's hash and slot, and finds a flow by comparing the tuple its connection holds:
 * flows of both families in one table, flows with the same hash told apart by their tuples, backward-shift deletion
 * under collisions, the probe bound, and seeded random churn of both families against a map.
 */
class ConnectionIndexTest {
    static Connection[] slots(int count) {
        Connection[] connections = new Connection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = new Connection(null, i);
        }
        return connections;
    }

    static void tuple(Connection c, int hash, int remote, int remotePort, int local, int localPort) {
        c.ipv6 = false;
        c.hash = hash;
        c.remoteAddress = remote;
        c.remotePort = remotePort;
        c.localAddress = local;
        c.localPort = localPort;
    }

    static void tuple6(Connection c, int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh,
                       long localLow, int localPort) {
        c.ipv6 = true;
        c.hash = hash;
        c.remoteHigh = remoteHigh;
        c.remoteLow = remoteLow;
        c.remotePort = remotePort;
        c.localHigh = localHigh;
        c.localLow = localLow;
        c.localPort = localPort;
        // As a connection's: the folded address the per-source limit counts, no IPv4 local address.
        c.remoteAddress = SegmentAddresses.sourceKey6(remoteHigh);
        c.localAddress = 0;
    }

    @Test
    void findsEachFamilysFlowsByTheTupleItsConnectionHolds() {
        Connection[] connections = slots(8);
        ConnectionIndex index = new ConnectionIndex(connections, 16);
        int h = FlowHash.ipv4(1, 2, 3, 4);
        tuple(connections[5], h, 1, 2, 3, 4);
        assertTrue(index.insert(h, 5));
        assertEquals(5, index.lookup(h, 1, 2, 3, 4));
        assertEquals(-1, index.lookup(h, 1, 2, 3, 5), "same hash, another local port");
        assertEquals(-1, index.lookup(h, 1, 2, 9, 4), "same hash, another local address");
        int h6 = FlowHash.ipv6(0x20010DB8L << 32, 7, 2, 1, 4);
        tuple6(connections[2], h6, 0x20010DB8L << 32, 7, 2, 0x20010DB8L << 32, 1, 4);
        assertTrue(index.insert(h6, 2));
        assertEquals(2, index.lookup6(h6, 0x20010DB8L << 32, 7, 2, 0x20010DB8L << 32, 1, 4));
        assertEquals(-1, index.lookup6(h6, 0x20010DB8L << 32, 8, 2, 0x20010DB8L << 32, 1, 4));
        assertEquals(-1, index.lookup6(h, 0x20010DB8L << 32, 7, 2, 0x20010DB8L << 32, 1, 4), "another hash");
        assertEquals(2, index.size());
        assertTrue(index.delete(h, 5));
        assertEquals(-1, index.lookup(h, 1, 2, 3, 4));
        assertFalse(index.delete(h, 5));
        assertEquals(2, index.lookup6(h6, 0x20010DB8L << 32, 7, 2, 0x20010DB8L << 32, 1, 4));
    }

    @Test
    void anIpv4LookupNeverFindsAnIpv6ConnectionWithTheSameHashAndFoldedAddress() {
        Connection[] connections = slots(4);
        ConnectionIndex index = new ConnectionIndex(connections, 16);
        long high = 0x20010DB8_00010002L;
        tuple6(connections[1], 77, high, 5, 1000, 0, 0, 80);
        assertTrue(index.insert(77, 1));
        // The IPv6 connection's IPv4 fields read as (folded address, 1000, 0, 80): an IPv4 flow of that tuple
        // and hash is another flow.
        assertEquals(-1, index.lookup(77, SegmentAddresses.sourceKey6(high), 1000, 0, 80));
        tuple(connections[2], 77, SegmentAddresses.sourceKey6(high), 1000, 0, 80);
        assertTrue(index.insert(77, 2));
        assertEquals(2, index.lookup(77, SegmentAddresses.sourceKey6(high), 1000, 0, 80));
        assertEquals(1, index.lookup6(77, high, 5, 1000, 0, 0, 80));
    }

    @Test
    void collidingHashesSurviveBackwardShiftDeletion() {
        Connection[] connections = slots(16);
        ConnectionIndex index = new ConnectionIndex(connections, 16);
        // Every flow gets the same first probe and the same hash: the worst case for linear probing, backward shift
        // and telling flows apart.
        for (int i = 0; i < 10; i++) {
            tuple(connections[i], 7, 1, 1000 + i, 2, 80);
            assertTrue(index.insert(7, i));
        }
        assertTrue(index.delete(7, 3));
        assertTrue(index.delete(7, 0));
        for (int i = 0; i < 10; i++) {
            assertEquals(i == 0 || i == 3 ? -1 : i, index.lookup(7, 1, 1000 + i, 2, 80));
        }
        // Flows homed in the buckets after 7's run move no further from home.
        tuple(connections[12], 8, 1, 2000, 2, 80);
        assertTrue(index.insert(8, 12));
        assertTrue(index.delete(7, 9));
        assertEquals(12, index.lookup(8, 1, 2000, 2, 80));
    }

    @Test
    void probeBoundRefusesInsteadOfSearchingForever() {
        Connection[] connections = slots(64);
        ConnectionIndex index = new ConnectionIndex(connections, 4);
        for (int i = 0; i < 4; i++) {
            tuple(connections[i], 9, 1, i, 2, 80);
            assertTrue(index.insert(9, i));
        }
        assertFalse(index.insert(9, 4));
    }

    @Test
    void eightBytesABucketAndAtMostAQuarterFull() {
        // Sizing reads only the number of slots.
        ConnectionIndex index = new ConnectionIndex(new Connection[20_000], 64);
        assertEquals(131_072, index.buckets(), "the least power of two of four buckets a slot or more");
        assertEquals(4096, new ConnectionIndex(new Connection[1024], 64).buckets());
    }

    @Test
    void randomChurnOfBothFamiliesAgreesWithAMap() {
        int capacity = 1024;
        Connection[] connections = slots(capacity);
        ConnectionIndex index = new ConnectionIndex(connections, 64);
        Deque<Integer> free = new ArrayDeque<>();
        for (int i = 0; i < capacity; i++) {
            free.push(i);
        }
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(5);
        for (int op = 0; op < 200_000; op++) {
            boolean v6 = random.nextBoolean();
            int remote = random.nextInt(64);
            int port = random.nextInt(64);
            long key = (v6 ? 1L << 40 : 0) | ((long) remote << 16) | port;
            int h = v6 ? FlowHash.ipv6(remote, remote, port, 10, 80) : FlowHash.ipv4(remote, port, 10, 80);
            Integer slot = model.get(key);
            if (random.nextBoolean() && slot == null && !free.isEmpty()) {
                int s = free.pop();
                if (v6) {
                    tuple6(connections[s], h, remote, remote, port, 0, 10, 80);
                } else {
                    tuple(connections[s], h, remote, port, 10, 80);
                }
                assertTrue(index.insert(h, s));
                model.put(key, s);
            } else if (slot != null && random.nextBoolean()) {
                assertTrue(index.delete(h, slot));
                model.remove(key);
                free.push(slot);
            }
            boolean q6 = random.nextBoolean();
            int r2 = random.nextInt(64);
            int p2 = random.nextInt(64);
            Integer expected = model.get((q6 ? 1L << 40 : 0) | ((long) r2 << 16) | p2);
            int found = q6 ? index.lookup6(FlowHash.ipv6(r2, r2, p2, 10, 80), r2, r2, p2, 0, 10, 80)
                    : index.lookup(FlowHash.ipv4(r2, p2, 10, 80), r2, p2, 10, 80);
            assertEquals(expected == null ? -1 : expected, found);
        }
        assertEquals(model.size(), index.size());
    }
}
