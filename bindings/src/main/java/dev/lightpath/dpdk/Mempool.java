package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A DPDK packet-buffer pool ({@code rte_pktmbuf_pool_create}). Allocation and freeing go through the shim in
 * bursts; from a registered lcore they hit the per-lcore cache and never touch the shared ring.
 *
 * <p>In checked mode ({@link NativeMemory#CHECKED}) every mbuf's header and buffer are registered as regions
 * of their own when the pool is created, and dropped when it is closed.
 */
public final class Mempool implements AutoCloseable, NativeRegions.Owner {
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
            Mempool created = new Mempool(name, pool, size, dataRoom);
            if (NativeMemory.CHECKED) {
                created.registerElements();
            }
            return created;
        }
    }

    /**
     * Takes every mbuf out of the pool once, registers its header and its buffer, and gives them all back:
     * DPDK lays elements out as it likes (in several chunks, with padding), so they are read, not computed.
     */
    private void registerElements() {
        long[] mbufs = new long[size];
        int taken = 0;
        try (MbufBurst burst = new MbufBurst(Math.min(size, 512))) {
            while (taken < size) {
                int n = Math.min(burst.capacity(), size - taken);
                if (!allocate(burst, n) && !allocate(burst, 1)) {
                    break;
                }
                for (int i = 0; i < burst.count(); i++) {
                    mbufs[taken++] = burst.get(i);
                }
                burst.clear();
            }
            long[] starts = new long[taken * 2];
            long[] lengths = new long[taken * 2];
            for (int i = 0; i < taken; i++) {
                // Read through the whole-memory segment: the header is not registered yet.
                starts[2 * i] = mbufs[i];
                lengths[2 * i] = Mbuf.SIZE;
                starts[2 * i + 1] = NativeMemory.ALL.get(ValueLayout.JAVA_LONG_UNALIGNED, mbufs[i] + Mbuf.BUF_ADDR);
                lengths[2 * i + 1] = NativeMemory.ALL.get(ValueLayout.JAVA_SHORT_UNALIGNED, mbufs[i] + Mbuf.BUF_LEN) & 0xffff;
            }
            NativeRegions.registerAll(starts, lengths, this);
            for (int from = 0; from < taken; from += burst.capacity()) {
                int n = Math.min(burst.capacity(), taken - from);
                for (int i = 0; i < n; i++) {
                    burst.add(mbufs[from + i]);
                }
                free(burst);
            }
        }
        if (taken < size) {
            // Every mbuf left out would fail every access to it.
            throw new IllegalStateException("mempool " + name + ": only " + taken + " of " + size
                    + " mbufs could be taken to register them for checked mode");
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
            NativeRegions.unregister(this);
            Dpdk.rte_mempool_free(pool);
        }
    }

    /** Names an mbuf's regions in checked mode's errors. */
    @Override
    public String describe(long start, long length) {
        return (length == Mbuf.SIZE ? "the header of mbuf 0x" + Long.toHexString(start)
                : "the buffer at 0x" + Long.toHexString(start) + " (after the header at 0x"
                + Long.toHexString(start - Mbuf.SIZE) + ")") + " of mempool '" + name + "'";
    }

    @Override
    public String toString() {
        return "Mempool '" + name + "' (" + size + " x " + dataRoom + ")";
    }
}
