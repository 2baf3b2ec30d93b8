package dev.lightpath.tcp;

/**
 * One core's IPv4 4-tuple to slot map, over {@link OpenAddressingTable}'s buckets. The hash is passed in by the caller
 * (the NIC's RSS hash when it is symmetric and always present, or {@link #hash} in software), and must be the same
 * for insert, lookup and delete of a flow.
 */
public final class ConnectionTable extends OpenAddressingTable {
    /** remote address (high 32) | remote port (16) | local port (16). */
    private final long[] keys;
    private final int[] localAddresses;

    public ConnectionTable(int capacity, int maxProbe) {
        super(capacity, maxProbe);
        this.keys = new long[buckets()];
        this.localAddresses = new int[buckets()];
    }

    /** A software flow hash of the 4-tuple (a multiply-xorshift mix; good spread, not keyed). */
    public static int hash(int remoteAddress, int remotePort, int localAddress, int localPort) {
        return spread(((long) remoteAddress << 32) ^ ((long) remotePort << 16) ^ localPort
                ^ ((long) localAddress * 0x9E3779B97F4A7C15L));
    }

    static long key(int remoteAddress, int remotePort, int localPort) {
        return ((long) remoteAddress << 32) | ((long) (remotePort & 0xFFFF) << 16) | (localPort & 0xFFFF);
    }

    /** The slot stored for the flow, or -1. */
    public int lookup(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        int i = bucketOf(hash, key(remoteAddress, remotePort, localPort), localAddress);
        return i == NONE ? -1 : slotAt(i);
    }

    private int bucketOf(int hash, long key, int localAddress) {
        for (int i = firstProbe(hash), end = probeEnd(hash); i != NONE; i = nextProbe(i, end)) {
            if (keys[i] == key && localAddresses[i] == localAddress) {
                return i;
            }
        }
        return NONE;
    }

    /** Inserts a flow that is not present; false when no bucket is free within the probe bound. */
    public boolean insert(int hash, int remoteAddress, int remotePort, int localAddress, int localPort, int slot) {
        int i = occupy(hash, slot);
        if (i == NONE) {
            return false;
        }
        keys[i] = key(remoteAddress, remotePort, localPort);
        localAddresses[i] = localAddress;
        return true;
    }

    /** Removes the flow; false when it was not there. */
    public boolean delete(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        return vacate(bucketOf(hash, key(remoteAddress, remotePort, localPort), localAddress));
    }

    @Override
    void moveKey(int from, int to) {
        keys[to] = keys[from];
        localAddresses[to] = localAddresses[from];
    }
}
