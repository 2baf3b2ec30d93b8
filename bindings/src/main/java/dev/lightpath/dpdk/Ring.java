package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A DPDK ring of pointers, single producer and single consumer: how one core hands mbufs to another (software
 * flow steering) without locks. Enqueue and dequeue move whole bursts.
 */
public final class Ring implements AutoCloseable {
    private static final int SP_ENQ = 1;
    private static final int SC_DEQ = 2;

    private final MemorySegment ring;
    private final String name;
    private boolean closed;

    private Ring(String name, MemorySegment ring) {
        this.name = name;
        this.ring = ring;
    }

    /** @param size a power of two; the ring holds size - 1 entries */
    public static Ring createSingleProducerSingleConsumer(String name, int size) {
        NativeLibraries.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = Dpdk.rte_ring_create(arena.allocateFrom(name), size, 0, SP_ENQ | SC_DEQ);
            if (ring.address() == 0) {
                throw new DpdkException("rte_ring_create '" + name + "' (" + size + ")", Shim.errno());
            }
            return new Ring(name, ring);
        }
    }

    /** Moves as many of the burst's mbufs as fit into the ring, from the front; returns how many. */
    public int enqueue(MbufBurst burst) {
        int n = Shim.ringEnqueue(ring.address(), burst.pointers().address(), burst.count());
        burst.removeFirst(n);
        return n;
    }

    /** Replaces the burst's contents with up to its capacity of mbufs from the ring; returns how many. */
    public int dequeue(MbufBurst burst) {
        int n = Shim.ringDequeue(ring.address(), burst.pointers().address(), burst.capacity());
        burst.count(n);
        return n;
    }

    /** The ring itself, for DPDK calls that take it (a port over rings). */
    MemorySegment segment() {
        return ring;
    }

    public int count() {
        return Shim.ringCount(ring.address());
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Dpdk.rte_ring_free(ring);
        }
    }
}
