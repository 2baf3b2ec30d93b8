package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A packet pool in plain native memory, laid out as DPDK lays out a pktmbuf pool: each element is a
 * {@code struct rte_mbuf} header followed by its buffer. Code that reads mbuf fields cannot tell the difference,
 * which is what lets the whole stack run in unit tests without DPDK.
 *
 * <p>It is stricter than DPDK: freeing an mbuf twice, or one it does not own, throws, so tests catch what a
 * real pool would silently corrupt. Each buffer is followed by guard bytes of a known pattern (and the first
 * mbuf preceded by them), checked when the mbuf is freed (the first word: what a write running past the end
 * hits) and when the pool is closed (every byte): an overrun throws there, naming the mbuf, and fails the test
 * that made it. In checked mode
 * ({@link NativeMemory#CHECKED}) each mbuf's header and buffer are registered as regions of their own, so
 * such a write throws at once, before it lands. Single-threaded.
 */
public final class MemoryPool implements PacketPool, AutoCloseable, NativeRegions.Owner {
    public static final int DEFAULT_DATA_ROOM = 2048;
    /** At least this many guard bytes after every buffer; the stride's rounding up may add more. */
    static final int GUARD_BYTES = 64;
    /** Eight bytes of the pattern the guards hold; 0xA5 alternates bits, unlike zeros or a length. */
    private static final long GUARD_PATTERN = 0xA5A5A5A5A5A5A5A5L;
    private static final ValueLayout.OfLong GUARD_WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Arena arena;
    private final MemorySegment region;
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
        this.stride = (Mbuf.SIZE + bufferLength + GUARD_BYTES + 63) & ~63;
        this.arena = Arena.ofShared();
        // A leading guard catches a write below the first mbuf; every other mbuf has its predecessor's guard.
        this.region = arena.allocate(GUARD_BYTES + (long) stride * capacity, 64);
        this.base = region.address() + GUARD_BYTES;
        region.fill((byte) GUARD_PATTERN);
        this.free = new long[capacity];
        this.allocated = new boolean[capacity];
        long[] starts = new long[capacity * 2];
        long[] lengths = new long[capacity * 2];
        for (int i = capacity - 1; i >= 0; i--) {
            long mbuf = base + (long) i * stride;
            starts[2 * i] = mbuf;
            lengths[2 * i] = Mbuf.SIZE;
            starts[2 * i + 1] = mbuf + Mbuf.SIZE;
            lengths[2 * i + 1] = bufferLength;
            free[freeCount++] = mbuf;
        }
        NativeRegions.registerAll(starts, lengths, this);
        for (int i = 0; i < capacity; i++) {
            long mbuf = base + (long) i * stride;
            region.asSlice(mbuf - region.address(), Mbuf.SIZE + bufferLength).fill((byte) 0);
            NativeMemory.putI64(mbuf + Mbuf.BUF_ADDR, mbuf + Mbuf.SIZE);
            NativeMemory.putU16(mbuf + Mbuf.BUF_LEN, bufferLength);
            NativeMemory.putI64(mbuf + Mbuf.POOL, base);
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

    /**
     * Frees the packet and, as {@code rte_pktmbuf_free} does, every segment chained after it. A chain longer than
     * the pool (a cycle of {@code next} pointers) throws instead of looping.
     */
    @Override
    public void free(long mbuf) {
        for (int segments = 0; mbuf != 0; segments++) {
            if (segments == capacity) {
                throw new IllegalStateException("a chain of more segments than " + this + " holds: a cycle");
            }
            long next = NativeMemory.getI64(mbuf + Mbuf.NEXT);
            freeSegment(mbuf);
            mbuf = next;
        }
    }

    private void freeSegment(long mbuf) {
        int index = index(mbuf);
        if (!allocated[index]) {
            throw new IllegalStateException("mbuf 0x" + Long.toHexString(mbuf) + " freed twice");
        }
        checkGuardStart(mbuf);
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

    /**
     * Checks every guard, frees the memory and forgets its regions; throws, after freeing, when a guard was
     * overwritten (by a write past a buffer, whether the mbuf was in use or already freed).
     */
    @Override
    public void close() {
        if (!arena.scope().isAlive()) {
            return;
        }
        try {
            checkLeadingGuard();
            for (int i = 0; i < capacity; i++) {
                checkGuard(base + (long) i * stride);
            }
        } finally {
            NativeRegions.unregister(this);
            arena.close();
        }
    }

    /**
     * The guard's first word only: every overrun that runs on from the buffer's end writes there, and the
     * benchmarks free through this pool, so a free costs one load more, not eight. {@link #close} reads all.
     */
    private void checkGuardStart(long mbuf) {
        long guard = mbuf + Mbuf.SIZE + bufferLength;
        if (region.get(GUARD_WORD, guard - region.address()) != GUARD_PATTERN) {
            checkGuard(mbuf);
        }
    }

    /** Throws, naming the mbuf, when the guard after its buffer no longer holds the pattern. */
    private void checkGuard(long mbuf) {
        long guard = mbuf + Mbuf.SIZE + bufferLength;
        long at = firstOverwritten(guard, mbuf + stride - guard);
        if (at >= 0) {
            throw new IllegalStateException("mbuf 0x" + Long.toHexString(mbuf) + " of " + this
                    + " overran its buffer: the guard after it is overwritten at 0x" + Long.toHexString(at)
                    + ", " + (at - guard) + " bytes past the buffer's end");
        }
    }

    private void checkLeadingGuard() {
        long at = firstOverwritten(base - GUARD_BYTES, GUARD_BYTES);
        if (at >= 0) {
            throw new IllegalStateException("the guard before the first mbuf of " + this + " is overwritten at 0x"
                    + Long.toHexString(at) + ", " + (base - at) + " bytes below the first mbuf");
        }
    }

    /** The address of the first guard byte that lost the pattern, or -1. Read through the pool's own segment. */
    private long firstOverwritten(long guard, long length) {
        long offset = guard - region.address();
        for (long i = 0; i < length; i += Long.BYTES) {
            long at = offset + Math.min(i, length - Long.BYTES);
            if (region.get(GUARD_WORD, at) != GUARD_PATTERN) {
                while (region.get(ValueLayout.JAVA_BYTE, at) == (byte) GUARD_PATTERN) {
                    at++;
                }
                return region.address() + at;
            }
        }
        return -1;
    }

    /** Names an mbuf's regions in checked mode's errors. */
    @Override
    public String describe(long start, long length) {
        long offset = start - base;
        long mbuf = base + offset / stride * stride;
        return (start == mbuf ? "the header of mbuf 0x" : "the buffer of mbuf 0x") + Long.toHexString(mbuf)
                + " of " + this;
    }

    @Override
    public String toString() {
        return "MemoryPool(" + capacity + " x " + dataRoom() + " bytes at 0x" + Long.toHexString(base) + ")";
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
