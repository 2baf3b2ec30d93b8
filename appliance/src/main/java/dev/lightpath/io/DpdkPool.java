package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;

/**
 * One core's view of a DPDK mempool. Single allocations and frees are served from two small local stashes
 * refilled and drained a burst at a time, so a protocol stack that allocates one mbuf per segment still
 * crosses into C once per 32. Single-threaded: each core has its own.
 */
public final class DpdkPool implements PacketPool, AutoCloseable {
    private final Mempool mempool;
    private final MbufBurst fresh = new MbufBurst();
    private final MbufBurst released = new MbufBurst();
    private int lowWater;

    public DpdkPool(Mempool mempool) {
        this.mempool = mempool;
        this.lowWater = available();
    }

    @Override
    public long allocate() {
        if (fresh.isEmpty() && !mempool.allocate(fresh, fresh.capacity()) && !mempool.allocate(fresh, 1)) {
            return reuseReleased();
        }
        int last = fresh.count() - 1;
        long mbuf = fresh.get(last);
        fresh.count(last);
        return mbuf;
    }

    /** Under exhaustion, a buffer freed a moment ago is as good as one from the pool. */
    private long reuseReleased() {
        if (released.isEmpty()) {
            return 0;
        }
        flushReleased();
        return mempool.allocate(fresh, 1) ? allocate() : 0;
    }

    @Override
    public boolean allocate(MbufBurst burst, int n) {
        return mempool.allocate(burst, n);
    }

    @Override
    public void free(long mbuf) {
        if (released.isFull()) {
            flushReleased();
        }
        released.add(mbuf);
    }

    @Override
    public void free(MbufBurst burst) {
        Mempool.free(burst);
    }

    /** Returns locally held buffers to the mempool (at shutdown, or before reading the pool's own count). */
    public void flushReleased() {
        Mempool.free(released);
    }

    @Override
    public int available() {
        return mempool.available() + fresh.count() + released.count();
    }

    /**
     * The mempool's free count, which every core's allocations move, is not this view's to track per allocation:
     * the least of the counts {@link #sample} read since this view was made.
     */
    @Override
    public int lowWater() {
        return lowWater;
    }

    @Override
    public int sample() {
        int available = available();
        if (available < lowWater) {
            lowWater = available;
        }
        return available;
    }

    @Override
    public int capacity() {
        return mempool.size();
    }

    @Override
    public int dataRoom() {
        return mempool.dataRoom();
    }

    @Override
    public void close() {
        Mempool.free(fresh);
        flushReleased();
        fresh.close();
        released.close();
    }
}
