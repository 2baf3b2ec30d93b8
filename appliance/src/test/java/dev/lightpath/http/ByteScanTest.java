package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector and word-at-a-time scans against the byte-by-byte definitions, for every byte value in every
 * lane of a word and of a vector register; the word scans are also checked alone, as they run where the
 * Vector API is missing.
 */
class ByteScanTest {
    static final IntPredicate CONTROL_OR_DEL = b -> b < 0x20 || b == 0x7f;
    static final IntPredicate OUTSIDE_VISIBLE = b -> b < 0x21 || b > 0x7e;
    static final IntPredicate NOT_ALNUM_OR_DASH =
            b -> !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-');

    final Arena arena = Arena.ofConfined();
    final long buffer = NativeRegions.register(arena.allocate(128), "test memory").address();

    @AfterEach
    void close() {
        arena.close();
    }

    interface Scan {
        long find(long p, long end);
    }

    @Test
    void theTestsRunWithTheVectorApi() {
        // The build starts every JVM with the module; without it the vector half of these tests would not run.
        assertTrue(ByteScan.VECTORS);
        assertTrue(VectorScan.LANES == 16 || VectorScan.LANES == 32, "lanes " + VectorScan.LANES);
    }

    @Test
    void everyByteValueInEveryLaneBehindEveryOtherByteValue() {
        // Each stop byte at each position, with every byte value before it (carries and borrows would
        // spread from there), over a run of bytes the scan skips.
        for (int stop = 0; stop < 256; stop++) {
            for (int before = 0; before < 256; before++) {
                for (int position = 1; position < 70; position += position < 20 ? 1 : 7) {
                    fill('a', 72);
                    NativeMemory.putByte(buffer + position - 1, before);
                    NativeMemory.putByte(buffer + position, stop);
                    check(72);
                }
            }
        }
    }

    @Test
    void randomRuns() {
        Random random = new Random(17);
        byte[] alphabet = "aZ09-_:; \t\r\n\u007f\u0080\u00ff,\"@[{".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(100);
            for (int j = 0; j < length; j++) {
                NativeMemory.putByte(buffer + j, random.nextInt(3) == 0 ? random.nextInt(256) : alphabet[random.nextInt(alphabet.length)]);
            }
            check(length);
        }
    }

    private void fill(int value, int length) {
        NativeMemory.fill(buffer, length, (byte) value);
    }

    private void check(int length) {
        for (int from = 0; from <= Math.min(length, 9); from++) {
            long end = buffer + length;
            long controlOrDel = reference(from, length, CONTROL_OR_DEL);
            assertEquals(controlOrDel, ByteScan.controlOrDel(buffer + from, end) - buffer);
            assertEquals(controlOrDel, ByteScan.controlOrDelWords(buffer + from, end) - buffer);
            long outsideVisible = reference(from, length, OUTSIDE_VISIBLE);
            assertEquals(outsideVisible, ByteScan.outsideVisible(buffer + from, end) - buffer);
            assertEquals(outsideVisible, ByteScan.outsideVisibleWords(buffer + from, end) - buffer);
            long name = reference(from, length, NOT_ALNUM_OR_DASH);
            checkNameScan(name, ByteScan.notAlphanumericOrDash(buffer + from, end) - buffer, length);
            checkNameScan(name, ByteScan.notAlphanumericOrDashWords(buffer + from, end) - buffer, length);
            if (length - from >= VectorScan.LANES) {
                long marks = VectorScan.fieldLineMarks(buffer + from);
                assertEquals(Math.min(name, from + VectorScan.LANES), from + lowestMark((int) marks), "field line: name end");
                assertEquals(Math.min(controlOrDel, from + VectorScan.LANES), from + lowestMark((int) (marks >>> 32)), "field line: controls");
            }
        }
    }

    /** Stops at the first such byte, or earlier where fewer than eight bytes are left for the caller. */
    private static void checkNameScan(long exact, long found, int length) {
        if (found != exact && !(found < exact && length - found < 8)) {
            assertEquals(exact, found, "name scan of " + length);
        }
    }

    private static int lowestMark(int marks) {
        return marks == 0 ? VectorScan.LANES : Integer.numberOfTrailingZeros(marks);
    }

    private long reference(int from, int length, IntPredicate stop) {
        for (int i = from; i < length; i++) {
            if (stop.test(NativeMemory.getU8(buffer + i))) {
                return i;
            }
        }
        return length;
    }
}
