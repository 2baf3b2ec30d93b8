package dev.lightpath.engine;

import java.util.Arrays;

/**
 * Which receive queue (so which core) each RSS hash goes to: the table a NIC indexes with the low bits of the
 * hash. The engine fills it round-robin over the queues and uses the same table everywhere: programmed into a
 * port that redirects in hardware, consulted by the software steering that keeps a flow on its core when the port
 * cannot, and by the client role when it picks a source port whose replies come back to the core that opened the
 * connection. One table for all three is what makes them agree, whatever its size and the number of queues.
 */
public final class RedirectionTable {
    private final int[] entries;
    private final int mask;
    private final int queues;

    private RedirectionTable(int[] entries, int queues) {
        this.entries = entries;
        this.queues = queues;
        // NICs index with the hash's low bits, so their tables come in powers of two; another size is taken modulo.
        this.mask = Integer.bitCount(entries.length) == 1 ? entries.length - 1 : -1;
    }

    /** {@code size} entries, entry i sending its hashes to queue {@code i % queues}. */
    public static RedirectionTable roundRobin(int size, int queues) {
        if (size < 1 || queues < 1 || queues > size) {
            throw new IllegalArgumentException("a redirection table of " + size + " entries cannot spread over "
                    + queues + " queue(s)");
        }
        int[] entries = new int[size];
        for (int i = 0; i < size; i++) {
            entries[i] = i % queues;
        }
        return new RedirectionTable(entries, queues);
    }

    /** The table the software path uses: {@link RssHash#RETA_SIZE} entries, as common NICs have. */
    public static RedirectionTable software(int queues) {
        return roundRobin(RssHash.RETA_SIZE, queues);
    }

    /** The queue a hash goes to. */
    public int queueFor(int hash) {
        return entries[mask >= 0 ? hash & mask : Integer.remainderUnsigned(hash, entries.length)];
    }

    public int size() {
        return entries.length;
    }

    public int queues() {
        return queues;
    }

    /** A copy of the entries, as a port is programmed with them. */
    public int[] entries() {
        return entries.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedirectionTable t && Arrays.equals(entries, t.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return entries.length + " entries over " + queues + " queue(s)";
    }
}
