package dev.lightpath.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable native array of mbuf pointers ({@code struct rte_mbuf *[]}) with a count: what crosses into C,
 * one burst per call. Allocated once per queue or per stage, never per packet. Not thread-safe: each belongs
 * to one core.
 */
public final class MbufBurst implements AutoCloseable {
    /** The burst size the engine uses everywhere, as DPDK's own examples do. */
    public static final int DEFAULT_SIZE = 32;

    private final Arena arena;
    private final MemorySegment pointers;
    private final int capacity;
    private int count;

    public MbufBurst() {
        this(DEFAULT_SIZE);
    }

    public MbufBurst(int capacity) {
        if (capacity <= 0 || capacity > 65535) {
            throw new IllegalArgumentException("burst capacity must be 1..65535, was " + capacity);
        }
        this.arena = Arena.ofShared();
        this.capacity = capacity;
        this.pointers = NativeRegions.register(arena.allocate(ValueLayout.JAVA_LONG, capacity), this);
    }

    public int capacity() {
        return capacity;
    }

    public int count() {
        return count;
    }

    public void count(int count) {
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + capacity);
        }
        this.count = count;
    }

    public boolean isFull() {
        return count == capacity;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int remaining() {
        return capacity - count;
    }

    public long get(int index) {
        return pointers.getAtIndex(ValueLayout.JAVA_LONG, index);
    }

    public void set(int index, long mbuf) {
        pointers.setAtIndex(ValueLayout.JAVA_LONG, index, mbuf);
    }

    /** Appends one mbuf; the caller checks {@link #isFull()} first. */
    public void add(long mbuf) {
        pointers.setAtIndex(ValueLayout.JAVA_LONG, count++, mbuf);
    }

    public void clear() {
        count = 0;
    }

    /**
     * Drops the first {@code n} entries, moving the rest to the front: what remains after a partial transmit.
     */
    public void removeFirst(int n) {
        int rest = count - n;
        if (rest > 0) {
            MemorySegment.copy(pointers, (long) n * Long.BYTES, pointers, 0, (long) rest * Long.BYTES);
        }
        count = Math.max(rest, 0);
    }

    @Override
    public String toString() {
        return "MbufBurst(" + capacity + " pointers)";
    }

    /** The pointer array, for downcalls. */
    public MemorySegment pointers() {
        return pointers;
    }

    @Override
    public void close() {
        arena.close();
    }
}
