package dev.lightpath.control.config;

import dev.lightpath.tcp.TcpConfig;

import java.util.Locale;

/**
 * How many connections each core's table holds ({@code tcp.max_connections}) when the file does not say: as
 * many as the memory given can serve. Every slot is made when the engine starts, so the heap must hold them all
 * (a share of it, the rest left to everything else); and a connection that sends or receives holds an mbuf at
 * least for a moment, so more connections per core than the core's share of the mempool could not all be
 * served at once. The smaller of the two is the default; a value given is checked against the heap. With TLS on,
 * a connection also holds OpenSSL's native memory ({@code tls.TlsConnectionMemory}), so the default is bounded
 * too by what half the host's memory holds, shared by the cores, at that and the send buffer per slot.
 */
public final class ConnectionBudget {
    /** The share of the heap the tables of all cores may take by default, and at most when given. */
    static final double DEFAULT_HEAP_SHARE = 0.5;
    static final double MOST_HEAP_SHARE = 0.75;
    /** The share of the host's memory the native memory of TLS connections and send buffers may take by default. */
    static final double DEFAULT_HOST_SHARE = 0.5;
    static final int LEAST = 16;
    static final int MOST = 16_777_216;
    /**
     * Heap of one slot: the connection's fields, its table entries and timers, and the HTTP server's state for
     * the slot. IdleConnectionMemoryTest measures the TCP part. What only a connection with data in flight or out
     * of order needs (send queue, copy area, RACK records, SACK scoreboard, out-of-order queue) is lent from pools
     * of a fixed size per core, not counted here.
     */
    static final int SLOT_BASE_BYTES = 3 * 1024;

    private ConnectionBudget() {
    }

    /** Heap bytes one table slot costs with this configuration, whether its connection is busy or idle. */
    public static long heapPerSlot(TcpConfig tcp) {
        return SLOT_BASE_BYTES;
    }

    /** The default per core: the smaller of the heap's share and the mempool's share, within 16..16,777,216. */
    public static int derive(int mempool, int cores, long maxHeap, TcpConfig tcp) {
        long byHeap = (long) (maxHeap * DEFAULT_HEAP_SHARE) / cores / heapPerSlot(tcp);
        long byMempool = mempool / cores;
        return (int) Math.clamp(Math.min(byHeap, byMempool), LEAST, MOST);
    }

    /**
     * The default per core with TLS on: as {@link #derive}, and no more than half of {@code hostMemory} holds,
     * shared by the cores, at {@code tlsBytes} of TLS and the send buffer per connection.
     */
    public static int derive(int mempool, int cores, long maxHeap, TcpConfig tcp, long hostMemory, long tlsBytes) {
        long byHost = (long) (hostMemory * DEFAULT_HOST_SHARE) / cores / (tlsBytes + tcp.sendCopyBytes);
        return (int) Math.clamp(Math.min(derive(mempool, cores, maxHeap, tcp), byHost), LEAST, MOST);
    }

    /** A problem with a table of {@code perCore} slots on {@code cores} cores, or null when the heap holds it. */
    public static String check(int perCore, int cores, long maxHeap, TcpConfig tcp) {
        long needed = (long) perCore * cores * heapPerSlot(tcp);
        if (needed > maxHeap * MOST_HEAP_SHARE) {
            return String.format(Locale.ROOT, "%,d connections on each of %d core(s) need about %,d MB of heap "
                    + "(%,d bytes a slot), more than %.0f%% of the %,d MB given: raise -Xmx or lower it [tcp.max_connections]",
                    perCore, cores, needed >> 20, heapPerSlot(tcp), MOST_HEAP_SHARE * 100, maxHeap >> 20);
        }
        return null;
    }

    /** What the table amounts to, for check-config. */
    public static String describe(int perCore, int cores, boolean derived, TcpConfig tcp) {
        TcpConfig sized = new TcpConfig();
        sized.tableCapacity = perCore;
        sized.sendBuffers = tcp.sendBuffers;
        return String.format(Locale.ROOT, "# tcp.max_connections = %,d per core%s: about %,d MB of heap and %,d MB of "
                        + "native send buffers (lent to connections with copied bytes unacknowledged) per core",
                perCore, derived ? " (derived from the heap and mempool)" : "",
                perCore * heapPerSlot(tcp) >> 20, (long) sized.sendBufferCount() * tcp.sendCopyBytes >> 20);
    }
}
