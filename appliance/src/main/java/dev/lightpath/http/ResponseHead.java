package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Writes a response's status line and header fields into a core's scratch native memory, from bytes prepared
 * at start and numbers written digit by digit: no allocation. The caller hands the result to TCP to copy.
 */
final class ResponseHead {
    static final int CAPACITY = 4096;
    private static final byte[] CRLF = {'\r', '\n'};

    private final MemorySegment scratch = NativeRegions.registerUntilUnreachable(Arena.ofAuto().allocate(CAPACITY, 64), "a response head");
    private final long base = scratch.address();
    private int position;

    ResponseHead begin(int status) {
        position = 0;
        return put(HttpStatus.line(status));
    }

    ResponseHead put(byte[] bytes) {
        if (position + bytes.length > CAPACITY) {
            throw new IllegalStateException("response head over " + CAPACITY + " bytes");
        }
        NativeMemory.copy(bytes, 0, base + position, bytes.length);
        position += bytes.length;
        return this;
    }

    ResponseHead put(long value) {
        if (value == 0) {
            NativeMemory.putByte(base + position++, '0');
            return this;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            NativeMemory.putByte(base + position + i, (int) ('0' + value % 10));
            value /= 10;
        }
        position += digits;
        return this;
    }

    ResponseHead putByte(int b) {
        NativeMemory.putByte(base + position++, b);
        return this;
    }

    ResponseHead crlf() {
        return put(CRLF);
    }

    long address() {
        return base;
    }

    int length() {
        return position;
    }
}
