package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;

/**
 * The buffers behind requests that arrive in pieces, or while an answer is held: a fixed set of equal buffers
 * allocated off-heap once, lent to a connection slot when it first needs one and given back as soon as it is
 * empty, so that memory follows the connections that need it, not the table's capacity.
 */
final class RequestBuffers {
    private final long[] spare;
    private int spares;
    private final int bytes;
    private final long[] lent;
    private final int[] held;
    private final Arena arena = Arena.ofShared();

    /**
     * @param count    buffers in the set
     * @param bytes    each buffer's size
     * @param capacity connection slots
     */
    RequestBuffers(int count, int bytes, int capacity) {
        this.bytes = bytes;
        this.spare = new long[count];
        this.lent = new long[capacity];
        this.held = new int[capacity];
        long memory = NativeRegions.registerSlices(arena.allocate((long) count * bytes, 64), bytes,
                "HTTP request buffers").address();
        for (int i = 0; i < count; i++) {
            spare[spares++] = memory + (long) i * bytes;
        }
    }

    /** Buffers not lent now. */
    int spareCount() {
        return spares;
    }

    /** Each buffer's size. */
    int size() {
        return bytes;
    }

    /** The buffer lent to {@code slot}, or 0. */
    long address(int slot) {
        return lent[slot];
    }

    /** Bytes {@code slot}'s buffer holds (0 without one). */
    int length(int slot) {
        return held[slot];
    }

    /** Lends {@code slot} an empty buffer unless it has one; false when none is spare. */
    boolean lend(int slot) {
        if (lent[slot] != 0) {
            return true;
        }
        if (spares == 0) {
            return false;
        }
        lent[slot] = spare[--spares];
        held[slot] = 0;
        return true;
    }

    /** Whether {@code length} more bytes fit in {@code slot}'s buffer. */
    boolean fits(int slot, int length) {
        return held[slot] + length <= bytes;
    }

    /** Copies bytes to the end of {@code slot}'s buffer (lent, with room); returns the room left. */
    int append(int slot, long address, int length) {
        NativeMemory.copy(address, lent[slot] + held[slot], length);
        held[slot] += length;
        return bytes - held[slot];
    }

    /** Drops the first {@code used} bytes of {@code slot}'s buffer, keeping the rest at its start; returns the rest. */
    int consumed(int slot, int used) {
        int left = held[slot] - used;
        if (left > 0 && used > 0) {
            NativeMemory.copy(lent[slot] + used, lent[slot], left);
        }
        held[slot] = left;
        return left;
    }

    /** Takes back {@code slot}'s buffer, whatever it holds; false when it had none. */
    boolean giveBack(int slot) {
        if (lent[slot] == 0) {
            return false;
        }
        spare[spares++] = lent[slot];
        lent[slot] = 0;
        held[slot] = 0;
        return true;
    }
}
