package dev.lightpath.loadgen;

import static dev.lightpath.dpdk.NativeMemory.getByte;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;

/**
 * Finds the next occurrence of a byte (a line feed, a field's colon) in a response head, eight bytes per step: a
 * little-endian word XORed with the byte repeated has a zero byte where the byte was, and the usual carry-free
 * test marks the lowest zero byte exactly (a borrow only spreads upwards from a byte that is zero itself). A
 * response head is a dozen lines of some twenty bytes: a word per step takes two or three steps a line where a
 * byte loop takes twenty. Never reads at or past {@code end}.
 */
final class ByteFinder {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteFinder() {
    }

    /** The address of the first {@code b} at or after {@code p} and before {@code end}, or {@code end} when there is none. */
    static long next(long p, long end, byte b) {
        long repeated = (b & 0xffL) * ONES;
        while (p + 8 <= end) {
            long x = getI64Le(p) ^ repeated;
            long marks = (x - ONES) & ~x & HIGHS;
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 8;
        }
        while (p < end) {
            if (getByte(p) == b) {
                return p;
            }
            p++;
        }
        return end;
    }
}
