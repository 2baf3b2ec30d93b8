package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;

/**
 * Finds where a run of header bytes ends, eight bytes per step: each step loads a little-endian word and, with
 * carry-free arithmetic on all its bytes at once (SWAR), marks the bytes that may end the run; the lowest
 * mark is exact, because a borrow or carry only ever spreads upwards from a byte that is marked itself. A mark
 * may be a byte that the grammar allows after all (a tab in a field value), which the caller's byte-wise
 * check then takes. Never reads at or past {@code end}.
 *
 * <p>Where the Vector API is there ({@link #VECTORS}) each scan first takes whole vector registers
 * of the run, and the words take what is left, less than a register's width; the flag is a constant, so the
 * JIT keeps only one path. The {@code ...Words} methods are the word scans alone, for the tests.
 */
final class ByteScan {
    /**
     * Whether the JVM has the Vector API's module. Kept here, not in {@link VectorScan}: reading it must not
     * load that class, whose initialisation needs the module.
     */
    static final boolean VECTORS = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {
    }

    /**
     * The first byte at or after {@code p} that is a control character (below 0x20) or DEL: where a field value
     * (VCHAR, obs-text, SP, HTAB) may end. Tabs are reported too.
     */
    static long controlOrDel(long p, long end) {
        if (VECTORS) {
            while (p + VectorScan.LANES <= end) {
                long marks = VectorScan.controlOrDelMarks(p);
                if (marks != 0) {
                    return p + Long.numberOfTrailingZeros(marks);
                }
                p += VectorScan.LANES;
            }
        }
        return controlOrDelWords(p, end);
    }

    static long controlOrDelWords(long p, long end) {
        // Values run long (cookies, user agents): two words per step keep more of the work in flight.
        while (p + 16 <= end) {
            long marks = controlOrDelMarks(getI64Le(p));
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            marks = controlOrDelMarks(getI64Le(p + 8));
            if (marks != 0) {
                return p + 8 + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 16;
        }
        while (p + 8 <= end) {
            long marks = controlOrDelMarks(getI64Le(p));
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 8;
        }
        while (p < end) {
            int b = getByte(p) & 0xff;
            if (b < 0x20 || b == 0x7f) {
                return p;
            }
            p++;
        }
        return end;
    }

    private static long controlOrDelMarks(long x) {
        long del = x ^ 0x7f7f7f7f7f7f7f7fL;
        return ((x - 0x2020202020202020L) & ~x | (del - ONES) & ~del) & HIGHS;
    }

    /**
     * The first byte at or after {@code p} that is not a letter, a digit or '-': the characters field names are
     * made of in practice. A name ends at the colon after it; any other token character it holds ('_', '.')
     * is for the caller's byte-wise check.
     */
    static long notAlphanumericOrDash(long p, long end) {
        if (VECTORS) {
            while (p + VectorScan.LANES <= end) {
                long marks = VectorScan.notAlphanumericOrDashMarks(p);
                if (marks != 0) {
                    return p + Long.numberOfTrailingZeros(marks);
                }
                p += VectorScan.LANES;
            }
        }
        return notAlphanumericOrDashWords(p, end);
    }

    static long notAlphanumericOrDashWords(long p, long end) {
        while (p + 8 <= end) {
            long x = getI64Le(p);
            // Folding the 0x20 bit maps letters onto a-z and leaves digits and '-' where they are.
            long folded = x | 0x2020202020202020L;
            long common = (inRange(folded, 'a', 'z') | inRange(x, '0', '9') | zeroBytes(x ^ 0x2d2d2d2d2d2d2d2dL)) & ~x;
            long marks = ~common & HIGHS;
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 8;
        }
        return p;
    }

    /**
     * High bit of each byte of {@code x} below 0x80 that lies in {@code low..high} (both below 0x80); bytes of
     * 0x80 and up come out marked or not at random, and the caller masks them.
     */
    private static long inRange(long x, int low, int high) {
        long clear = x & 0x7f7f7f7f7f7f7f7fL;
        long aboveHigh = clear + ONES * (0x7f - high);
        long atLeastLow = clear + ONES * (0x80 - low);
        return atLeastLow & ~aboveHigh & HIGHS;
    }

    /** High bit of each zero byte of {@code x}, every one exact (no borrow runs between bytes). */
    private static long zeroBytes(long x) {
        long low = 0x7f7f7f7f7f7f7f7fL;
        return ~((x & low) + low | x | low);
    }

    /**
     * The first byte at or after {@code p} outside 0x21..0x7e (a space, a control character, DEL or a byte with
     * the high bit): where a request-target ends.
     */
    static long outsideVisible(long p, long end) {
        if (VECTORS) {
            while (p + VectorScan.LANES <= end) {
                long marks = VectorScan.outsideVisibleMarks(p);
                if (marks != 0) {
                    return p + Long.numberOfTrailingZeros(marks);
                }
                p += VectorScan.LANES;
            }
        }
        return outsideVisibleWords(p, end);
    }

    static long outsideVisibleWords(long p, long end) {
        while (p + 8 <= end) {
            long x = getI64Le(p);
            long marks = ((x - 0x2121212121212121L) & ~x | (x + ONES | x)) & HIGHS;
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 8;
        }
        while (p < end) {
            int b = getByte(p) & 0xff;
            if (b < 0x21 || b > 0x7e) {
                return p;
            }
            p++;
        }
        return end;
    }
}
