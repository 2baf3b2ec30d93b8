package dev.lightpath.tcp;

import java.util.Arrays;

/**
 * One core's 4-tuple to slot map: open addressing with linear probing over preallocated arrays (twice the
 * connection capacity, rounded to a power of two), the flow hash as the first probe, probe length bounded by
 * {@code maxProbe}, deletion by backward shift so no tombstones accumulate. The hash is passed in by the caller
 * (the NIC's RSS hash when it is symmetric and always present, or {@link #hash} in software), and must be the
 * same for insert, lookup and delete of a flow.
 */
public final class ConnectionTable {
    private static final int EMPTY = -1;

    private final int mask;
    private final int maxProbe;
    /** remote address (high 32) | remote port (16) | local port (16). */
    private final long[] keys;
    private final int[] localAddresses;
    private final int[] values;
    /** The hash each entry was inserted with: backward shift needs every entry's home bucket. */
    private final int[] hashes;
    private int size;

    public ConnectionTable(int capacity, int maxProbe) {
        // At most a quarter full: with linear probing, a bounded probe then almost never runs out even at a
        // full table under churn (at half full, busy tables refused about one insert in a few hundred).
        int buckets = Integer.highestOneBit(Math.max(2, capacity) * 4 - 1) << 1;
        this.mask = buckets - 1;
        this.maxProbe = Math.min(maxProbe, buckets);
        this.keys = new long[buckets];
        this.localAddresses = new int[buckets];
        this.values = new int[buckets];
        this.hashes = new int[buckets];
        Arrays.fill(values, EMPTY);
    }

    /** A software flow hash of the 4-tuple (a multiply-xorshift mix; good spread, not keyed). */
    public static int hash(int remoteAddress, int remotePort, int localAddress, int localPort) {
        long x = ((long) remoteAddress << 32) ^ ((long) remotePort << 16) ^ localPort ^ ((long) localAddress * 0x9E3779B97F4A7C15L);
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) x;
    }

    static long key(int remoteAddress, int remotePort, int localPort) {
        return ((long) remoteAddress << 32) | ((long) (remotePort & 0xFFFF) << 16) | (localPort & 0xFFFF);
    }

    /** The slot stored for the flow, or -1. */
    public int lookup(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        long key = key(remoteAddress, remotePort, localPort);
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            int v = values[i];
            if (v == EMPTY) {
                return -1;
            }
            if (keys[i] == key && localAddresses[i] == localAddress) {
                return v;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Inserts a flow that is not present; false when no bucket is free within the probe bound. */
    public boolean insert(int hash, int remoteAddress, int remotePort, int localAddress, int localPort, int slot) {
        long key = key(remoteAddress, remotePort, localPort);
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            if (values[i] == EMPTY) {
                keys[i] = key;
                localAddresses[i] = localAddress;
                values[i] = slot;
                hashes[i] = hash;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Removes the flow; false when it was not there. */
    public boolean delete(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        long key = key(remoteAddress, remotePort, localPort);
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            int v = values[i];
            if (v == EMPTY) {
                return false;
            }
            if (keys[i] == key && localAddresses[i] == localAddress) {
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
            if (values[j] == EMPTY) {
                break;
            }
            int home = hashes[j] & mask;
            // Move j to the hole if its home is not cyclically within (hole, j].
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                keys[hole] = keys[j];
                localAddresses[hole] = localAddresses[j];
                values[hole] = values[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        values[hole] = EMPTY;
    }

    public int size() {
        return size;
    }
}
