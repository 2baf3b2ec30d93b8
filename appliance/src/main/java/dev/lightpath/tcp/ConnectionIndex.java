package dev.lightpath.tcp;

import java.util.Arrays;

/**
 * One core's 4-tuple to slot map for both families: open addressing with linear probing, the flow hash as the first
 * probe, probe length bounded by {@code maxProbe}, deletion by backward shift so no tombstones accumulate. A bucket
 * is one long, the flow's 32-bit hash beside its slot; the 4-tuple itself is not copied into the table but compared
 * in the connection, which holds it anyway. The hash rules out nearly every other flow met on the way, so a lookup
 * reads one array and then the one connection that is almost surely the answer, the connection its caller goes on
 * to read. A copy of the tuple in the table cost 20 bytes a bucket for IPv4 and 44 for IPv6, in two tables of four
 * to eight buckets a slot each; these buckets are 8 bytes, in one table.
 *
 * <p>Sized as each family's table was: at most a quarter full (with linear probing, a bounded probe then almost
 * never runs out even at a full table under churn), and both families together never hold more than the slots.
 * The hash is passed in by the caller ({@link FlowHash}, or the NIC's
 * when symmetric) and must be the one the connection was inserted with, which it keeps ({@link Connection#hash}).
 */
final class ConnectionIndex {
    private static final long EMPTY = -1L;

    private final Connection[] connections;
    private final int mask;
    private final int maxProbe;
    /** hash (high 32) | slot (low 32); {@link #EMPTY} where no flow is. */
    private final long[] buckets;
    private int size;

    ConnectionIndex(Connection[] connections, int maxProbe) {
        this.connections = connections;
        int count = Integer.highestOneBit(Math.max(2, connections.length) * 4 - 1) << 1;
        this.mask = count - 1;
        this.maxProbe = Math.min(maxProbe, count - 1);
        this.buckets = new long[count];
        Arrays.fill(buckets, EMPTY);
    }

    private static long bucket(int hash, int slot) {
        return (long) hash << 32 | slot & 0xFFFF_FFFFL;
    }

    /** The slot of the IPv4 connection with this 4-tuple, or -1. */
    int lookup(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        int home = hash & mask;
        for (int i = nextWithHash(hash, home, home); i >= 0; i = nextWithHash(hash, home, (i + 1) & mask)) {
            int slot = (int) buckets[i];
            Connection c = connections[slot];
            // An IPv6 connection's IPv4 local address reads 0, so only a lookup of local address 0 (which no
            // IPv4 connection of ours has) needs the family: others touch the tuple's line, not the flags'.
            if (c.remoteAddress == remoteAddress && c.remotePort == remotePort && c.localPort == localPort
                    && c.localAddress == localAddress && (localAddress != 0 || !c.ipv6)) {
                return slot;
            }
        }
        return -1;
    }

    /** The slot of the IPv6 connection with this 4-tuple, or -1. */
    int lookup6(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                int localPort) {
        int home = hash & mask;
        for (int i = nextWithHash(hash, home, home); i >= 0; i = nextWithHash(hash, home, (i + 1) & mask)) {
            int slot = (int) buckets[i];
            Connection c = connections[slot];
            if (c.remoteLow == remoteLow && c.remotePort == remotePort && c.localPort == localPort
                    && c.remoteHigh == remoteHigh && c.localLow == localLow && c.localHigh == localHigh
                    && c.ipv6) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * The next bucket filed under {@code hash} in the probe run from {@code home}, starting at {@code from}: its
     * index, or -1 at an empty bucket or the probe bound. Each family's lookup walks these and compares its own
     * tuple in the connection, so the probe is written once and neither lookup calls back or reads the other
     * family's fields. The bound is a distance from home below the table's size, so a walk never wraps onto home.
     */
    private int nextWithHash(int hash, int home, int from) {
        for (int i = from, distance = (from - home) & mask; distance < maxProbe; i = (i + 1) & mask, distance++) {
            long b = buckets[i];
            if (b == EMPTY) {
                return -1;
            }
            if ((int) (b >>> 32) == hash) {
                return i;
            }
        }
        return -1;
    }

    /** Files a flow that is not present under its hash; false when no bucket is free within the probe bound. */
    boolean insert(int hash, int slot) {
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            if (buckets[i] == EMPTY) {
                buckets[i] = bucket(hash, slot);
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Removes the slot filed under {@code hash}; false when it was not there. */
    boolean delete(int hash, int slot) {
        long wanted = bucket(hash, slot);
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            long b = buckets[i];
            if (b == EMPTY) {
                return false;
            }
            if (b == wanted) {
                shiftBack(i);
                size--;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /**
     * Backward-shift deletion: later entries of the probe run move into the hole when that brings them no
     * further from their home bucket. Entries only ever move closer to home, so the probe bound still holds.
     */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            long b = buckets[j];
            if (b == EMPTY) {
                break;
            }
            int home = (int) (b >>> 32) & mask;
            // Move j to the hole if its home is not cyclically within (hole, j].
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                buckets[hole] = b;
                hole = j;
            }
        }
        buckets[hole] = EMPTY;
    }

    int size() {
        return size;
    }

    /** Buckets in the table: its memory is eight bytes each. */
    int buckets() {
        return buckets.length;
    }
}
