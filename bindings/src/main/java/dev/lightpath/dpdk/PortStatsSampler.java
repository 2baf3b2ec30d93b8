package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;
import dev.lightpath.dpdk.raw.rte_eth_stats;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A port's {@code struct rte_eth_stats} read again and again into the same native struct, for a worker that
 * publishes them with its counters: {@link Port#stats()} allocates a record and an arena per read, this
 * allocates nothing after construction. Used by one thread at a time (the struct is overwritten by each read).
 */
public final class PortStatsSampler implements AutoCloseable {
    private final int portId;
    private final String portName;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stats = rte_eth_stats.allocate(arena);

    PortStatsSampler(int portId, String portName) {
        this.portId = portId;
        this.portName = portName;
    }

    /** Reads the port's stats now; the getters return this reading until the next. */
    public void read() {
        int result = Dpdk.rte_eth_stats_get((short) portId, stats);
        if (result != 0) {
            DpdkException.check("reading the stats of " + portName, result);
        }
    }

    /** Frames received ({@code ipackets}). */
    public long rxPackets() {
        return rte_eth_stats.ipackets(stats);
    }

    /** Frames the hardware dropped because no receive descriptor was free: the cores fell behind ({@code imissed}). */
    public long rxMissed() {
        return rte_eth_stats.imissed(stats);
    }

    /** Receive buffer allocations that failed: the mempool was empty ({@code rx_nombuf}). */
    public long rxNoMbuf() {
        return rte_eth_stats.rx_nombuf(stats);
    }

    /** Frames received in error ({@code ierrors}). */
    public long rxErrors() {
        return rte_eth_stats.ierrors(stats);
    }

    @Override
    public void close() {
        arena.close();
    }
}
