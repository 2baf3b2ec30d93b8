package dev.lightpath.tcp;

/**
 * One core's IPv6 connections by 4-tuple, over {@link OpenAddressingTable}'s buckets with keys of 128-bit addresses.
 * A table of its own rather than wider keys in the IPv4 one, so an IPv4 lookup compares the same two words it always
 * did and touches no IPv6 array. The local address is in the key: a load generator's client pool holds many, each
 * with its own ports.
 */
public final class ConnectionTable6 extends OpenAddressingTable {
    private final long[] remoteHighs;
    private final long[] remoteLows;
    private final long[] localHighs;
    private final long[] localLows;
    /** remote port (high 16) | local port (low 16). */
    private final int[] ports;

    public ConnectionTable6(int capacity, int maxProbe) {
        super(capacity, maxProbe);
        this.remoteHighs = new long[buckets()];
        this.remoteLows = new long[buckets()];
        this.localHighs = new long[buckets()];
        this.localLows = new long[buckets()];
        this.ports = new int[buckets()];
    }

    /**
     * A software flow hash of the 4-tuple (a multiply-xorshift mix, as {@link ConnectionTable#hash}). Of the local
     * address only its last 64 bits are mixed in: the addresses of one host differ there, if at all.
     */
    public static int hash(long remoteHigh, long remoteLow, int remotePort, long localLow, int localPort) {
        return spread(remoteHigh * 0x9E3779B97F4A7C15L ^ remoteLow ^ localLow * 0xD6E8FEB86659FD93L
                ^ ((long) (remotePort & 0xFFFF) << 16 | localPort & 0xFFFF));
    }

    private static int ports(int remotePort, int localPort) {
        return (remotePort & 0xFFFF) << 16 | (localPort & 0xFFFF);
    }

    /** The slot stored for the flow, or -1. */
    public int lookup(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                      int localPort) {
        int i = bucketOf(hash, remoteHigh, remoteLow, ports(remotePort, localPort), localHigh, localLow);
        return i == NONE ? -1 : slotAt(i);
    }

    private int bucketOf(int hash, long remoteHigh, long remoteLow, int key, long localHigh, long localLow) {
        for (int i = firstProbe(hash), end = probeEnd(hash); i != NONE; i = nextProbe(i, end)) {
            if (ports[i] == key && remoteLows[i] == remoteLow && remoteHighs[i] == remoteHigh
                    && localLows[i] == localLow && localHighs[i] == localHigh) {
                return i;
            }
        }
        return NONE;
    }

    /** Inserts a flow that is not present; false when no bucket is free within the probe bound. */
    public boolean insert(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                          int localPort, int slot) {
        int i = occupy(hash, slot);
        if (i == NONE) {
            return false;
        }
        remoteHighs[i] = remoteHigh;
        remoteLows[i] = remoteLow;
        localHighs[i] = localHigh;
        localLows[i] = localLow;
        ports[i] = ports(remotePort, localPort);
        return true;
    }

    /** Removes the flow; false when it was not there. */
    public boolean delete(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                          int localPort) {
        return vacate(bucketOf(hash, remoteHigh, remoteLow, ports(remotePort, localPort), localHigh, localLow));
    }

    @Override
    void moveKey(int from, int to) {
        remoteHighs[to] = remoteHighs[from];
        remoteLows[to] = remoteLows[from];
        localHighs[to] = localHighs[from];
        localLows[to] = localLows[from];
        ports[to] = ports[from];
    }
}
