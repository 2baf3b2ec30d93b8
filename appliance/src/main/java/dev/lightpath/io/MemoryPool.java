package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A packet pool in plain native memory, laid out as DPDK lays out a pktmbuf pool: each element is a
 * {@code struct rte_mbuf} header followed by its buffer. Code that reads mbuf fields cannot tell the difference,
 * which is what lets the whole stack run in unit tests without DPDK.
 *
 * <p>It is stricter than DPDK: freeing an mbuf twice, or one it does not own, throws, so tests catch what a
 * real pool would silently corrupt. Single-threaded.
 */
public final class MemoryPool implements PacketPool, AutoCloseable {
    public static final int DEFAULT_DATA_ROOM = 2048;

    private final Arena arena;
    private final long base;
    private final int stride;
    private final int capacity;
    private final int bufferLength;
    private final long[] free;
    private final boolean[] allocated;
    private int freeCount;
    private int lowWater;

    public MemoryPool(int capacity) {
        this(capacity, DEFAULT_DATA_ROOM);
    }

    public MemoryPool(int capacity, int dataRoom) {
        if (capacity <= 0 || dataRoom <= 0 || dataRoom + Mbuf.HEADROOM > 65535) {
            throw new IllegalArgumentException("bad pool size: " + capacity + " x " + dataRoom);
        }
        this.capacity = capacity;
        this.bufferLength = Mbuf.HEADROOM + dataRoom;
        this.stride = (Mbuf.SIZE + bufferLength + 63) & ~63;
        this.arena = Arena.ofShared();
        MemorySegment region = arena.allocate((long) stride * capacity, 64);
        this.base = region.address();
        this.free = new long[capacity];
        this.allocated = new boolean[capacity];
        for (int i = capacity - 1; i >= 0; i--) {
            long mbuf = base + (long) i * stride;
            NativeMemory.putI64(mbuf + Mbuf.BUF_ADDR, mbuf + Mbuf.SIZE);
            NativeMemory.putU16(mbuf + Mbuf.BUF_LEN, bufferLength);
            NativeMemory.putI64(mbuf + Mbuf.POOL, base);
            free[freeCount++] = mbuf;
        }
        this.lowWater = capacity;
    }

    @Override
    public long allocate() {
        if (freeCount == 0) {
            return 0;
        }
        long mbuf = free[--freeCount];
        if (freeCount < lowWater) {
            lowWater = freeCount;
        }
        allocated[index(mbuf)] = true;
        reset(mbuf);
        return mbuf;
    }

    @Override
    public boolean allocate(MbufBurst burst, int n) {
        if (n > freeCount || n > burst.remaining()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            burst.add(allocate());
        }
        return true;
    }

    @Override
    public void free(long mbuf) {
        int index = index(mbuf);
        if (!allocated[index]) {
            throw new IllegalStateException("mbuf 0x" + Long.toHexString(mbuf) + " freed twice");
        }
        allocated[index] = false;
        free[freeCount++] = mbuf;
    }

    @Override
    public void free(MbufBurst burst) {
        for (int i = 0; i < burst.count(); i++) {
            free(burst.get(i));
        }
        burst.clear();
    }

    /** True when the address is one of this pool's mbufs. */
    public boolean owns(long mbuf) {
        long offset = mbuf - base;
        return offset >= 0 && offset < (long) stride * capacity && offset % stride == 0;
    }

    @Override
    public int available() {
        return freeCount;
    }

    /** Exact: every allocation goes through {@link #allocate()}, which keeps the least free count. */
    @Override
    public int lowWater() {
        return lowWater;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int dataRoom() {
        return bufferLength - Mbuf.HEADROOM;
    }

    @Override
    public void close() {
        arena.close();
    }

    private int index(long mbuf) {
        if (!owns(mbuf)) {
            throw new IllegalArgumentException("0x" + Long.toHexString(mbuf) + " is not an mbuf of this pool");
        }
        return (int) ((mbuf - base) / stride);
    }

    private static void reset(long mbuf) {
        NativeMemory.putU16(mbuf + Mbuf.DATA_OFF, Mbuf.HEADROOM);
        NativeMemory.putU16(mbuf + Mbuf.REFCNT, 1);
        NativeMemory.putU16(mbuf + Mbuf.NB_SEGS, 1);
        NativeMemory.putU16(mbuf + Mbuf.PORT, 0xFFFF);
        NativeMemory.putI64(mbuf + Mbuf.OL_FLAGS, 0);
        NativeMemory.putI32(mbuf + Mbuf.PACKET_TYPE, 0);
        Mbuf.length(mbuf, 0);
        NativeMemory.putU16(mbuf + Mbuf.VLAN_TCI, 0);
        NativeMemory.putI64(mbuf + Mbuf.HASH_RSS, 0);
        NativeMemory.putI64(mbuf + Mbuf.NEXT, 0);
        NativeMemory.putI64(mbuf + Mbuf.TX_OFFLOAD, 0);
    }
}
