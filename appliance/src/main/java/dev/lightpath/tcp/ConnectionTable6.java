package dev.lightpath.tcp;

import java.util.Arrays;

/**
 * One core's IPv6 connections by 4-tuple: {@link ConnectionTable}'s open addressing, linear probing with a bound and
 * backward-shift deletion, over keys of 128-bit addresses. A table of its own rather than wider keys in the IPv4 one,
 * so an IPv4 lookup compares the same two words it always did and touches no IPv6 array. The local address is in the
 * key: a load generator's client pool holds many, each with its own ports.
 */
public final class ConnectionTable6 {
    private static final int EMPTY = -1;

    private final int mask;
    private final int maxProbe;
    private final long[] remoteHighs;
    private final long[] remoteLows;
    private final long[] localHighs;
    private final long[] localLows;
    /** remote port (high 16) | local port (low 16). */
    private final int[] ports;
    private final int[] values;
    private final int[] hashes;
    private int size;

    public ConnectionTable6(int capacity, int maxProbe) {
        int buckets = Integer.highestOneBit(Math.max(2, capacity) * 4 - 1) << 1;
        this.mask = buckets - 1;
        this.maxProbe = Math.min(maxProbe, buckets);
        this.remoteHighs = new long[buckets];
        this.remoteLows = new long[buckets];
        this.localHighs = new long[buckets];
        this.localLows = new long[buckets];
        this.ports = new int[buckets];
        this.values = new int[buckets];
        this.hashes = new int[buckets];
        Arrays.fill(values, EMPTY);
    }

    /**
     * A software flow hash of the 4-tuple (a multiply-xorshift mix, as {@link ConnectionTable#hash}). Of the local
     * address only its last 64 bits are mixed in: the addresses of one host differ there, if at all.
     */
    public static int hash(long remoteHigh, long remoteLow, int remotePort, long localLow, int localPort) {
        long x = remoteHigh * 0x9E3779B97F4A7C15L ^ remoteLow ^ localLow * 0xD6E8FEB86659FD93L
                ^ ((long) (remotePort & 0xFFFF) << 16 | localPort & 0xFFFF);
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) x;
    }

    private static int ports(int remotePort, int localPort) {
        return (remotePort & 0xFFFF) << 16 | (localPort & 0xFFFF);
    }

    public int lookup(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                      int localPort) {
        int i = bucketOf(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort);
        return i < 0 ? -1 : values[i];
    }

    /** The bucket holding the connection, or -1 where the probe meets an empty bucket or its bound first. */
    private int bucketOf(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                         int localPort) {
        int key = ports(remotePort, localPort);
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            if (values[i] == EMPTY) {
                return -1;
            }
            if (ports[i] == key && remoteLows[i] == remoteLow && remoteHighs[i] == remoteHigh
                    && localLows[i] == localLow && localHighs[i] == localHigh) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    public boolean insert(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                          int localPort, int slot) {
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            if (values[i] == EMPTY) {
                remoteHighs[i] = remoteHigh;
                remoteLows[i] = remoteLow;
                localHighs[i] = localHigh;
                localLows[i] = localLow;
                ports[i] = ports(remotePort, localPort);
                values[i] = slot;
                hashes[i] = hash;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public boolean delete(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                          int localPort) {
        int i = bucketOf(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort);
        if (i < 0) {
            return false;
        }
        shiftBack(i);
        size--;
        return true;
    }

    /** As {@link ConnectionTable}'s: entries only move closer to their home bucket, so the probe bound holds. */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == EMPTY) {
                break;
            }
            int home = hashes[j] & mask;
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                remoteHighs[hole] = remoteHighs[j];
                remoteLows[hole] = remoteLows[j];
                localHighs[hole] = localHighs[j];
                localLows[hole] = localLows[j];
                ports[hole] = ports[j];
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
