package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A DPDK packet-buffer pool ({@code rte_pktmbuf_pool_create}). Allocation and freeing go through the shim in
 * bursts; from a registered lcore they hit the per-lcore cache and never touch the shared ring.
 */
public final class Mempool implements AutoCloseable {
    private final String name;
    private final MemorySegment pool;
    private final int size;
    private final int dataRoom;
    private boolean closed;

    private Mempool(String name, MemorySegment pool, int size, int dataRoom) {
        this.name = name;
        this.pool = pool;
        this.size = size;
        this.dataRoom = dataRoom;
    }

    /**
     * @param size      number of mbufs (DPDK works best with 2^n - 1)
     * @param cacheSize per-lcore cache (0..512; size must exceed cacheSize * 1.5 * lcores)
     * @param dataRoom  bytes per buffer after the headroom
     */
    public static Mempool create(String name, int size, int cacheSize, int dataRoom, int socket) {
        NativeLibraries.load();
        int room = dataRoom + Mbuf.HEADROOM;
        if (room > 0xFFFF || size <= 0) {
            throw new IllegalArgumentException("mempool " + name + ": bad size " + size + " x " + dataRoom);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pool = Dpdk.rte_pktmbuf_pool_create(arena.allocateFrom(name), size, cacheSize,
                    (short) 0, (short) room, socket);
            if (pool.address() == 0) {
                throw new DpdkException("rte_pktmbuf_pool_create '" + name + "' (" + size + " mbufs)", Shim.errno());
            }
            return new Mempool(name, pool, size, dataRoom);
        }
    }

    /** Allocates exactly {@code n} mbufs into the burst after its current entries, or none (returns false). */
    public boolean allocate(MbufBurst burst, int n) {
        if (n > burst.remaining()) {
            throw new IllegalArgumentException("burst has room for " + burst.remaining() + ", asked " + n);
        }
        long at = burst.pointers().address() + (long) burst.count() * Long.BYTES;
        if (Shim.allocBulk(pool.address(), at, n) != 0) {
            return false;
        }
        burst.count(burst.count() + n);
        return true;
    }

    /** Frees every mbuf in the burst back to its pool and clears the burst. */
    public static void free(MbufBurst burst) {
        if (burst.count() > 0) {
            Shim.freeBulk(burst.pointers().address(), burst.count());
        }
        burst.clear();
    }

    /** Mbufs free in the pool, counting those parked in per-lcore caches. */
    public int available() {
        return Dpdk.rte_mempool_avail_count(pool);
    }

    public int inUse() {
        return Dpdk.rte_mempool_in_use_count(pool);
    }

    public int size() {
        return size;
    }

    public int dataRoom() {
        return dataRoom;
    }

    public String name() {
        return name;
    }

    /** The {@code struct rte_mempool *}, for queue set-up. */
    public MemorySegment pointer() {
        return pool;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Dpdk.rte_mempool_free(pool);
        }
    }
}
