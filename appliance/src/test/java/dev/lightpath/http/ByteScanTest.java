package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time scans against the byte-by-byte definitions, for every byte value in every lane. */
class ByteScanTest {
    static final IntPredicate CONTROL_OR_DEL = b -> b < 0x20 || b == 0x7f;
    static final IntPredicate OUTSIDE_VISIBLE = b -> b < 0x21 || b > 0x7e;
    static final IntPredicate NOT_ALNUM_OR_DASH =
            b -> !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-');

    final Arena arena = Arena.ofConfined();
    final long buffer = arena.allocate(64).address();

    @AfterEach
    void close() {
        arena.close();
    }

    interface Scan {
        long find(long p, long end);
    }

    @Test
    void everyByteValueInEveryLaneBehindEveryOtherByteValue() {
        // Each stop byte at each position, with every byte value before it (carries and borrows would
        // spread from there), over a run of bytes the scan skips.
        for (int stop = 0; stop < 256; stop++) {
            for (int before = 0; before < 256; before++) {
                for (int position = 1; position < 20; position++) {
                    fill('a', 24);
                    NativeMemory.putByte(buffer + position - 1, before);
                    NativeMemory.putByte(buffer + position, stop);
                    check(24);
                }
            }
        }
    }

    @Test
    void randomRuns() {
        Random random = new Random(17);
        byte[] alphabet = "aZ09-_:; \t\r\n\u007f\u0080\u00ff,\"@[{".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(40);
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
            assertEquals(reference(from, length, CONTROL_OR_DEL), ByteScan.controlOrDel(buffer + from, buffer + length) - buffer);
            assertEquals(reference(from, length, OUTSIDE_VISIBLE), ByteScan.outsideVisible(buffer + from, buffer + length) - buffer);
            long fast = ByteScan.notAlphanumericOrDash(buffer + from, buffer + length) - buffer;
            long exact = reference(from, length, NOT_ALNUM_OR_DASH);
            // Stops at the first such byte, or earlier where fewer than eight bytes are left for the caller.
            if (fast != exact && !(fast < exact && length - fast < 8)) {
                assertEquals(exact, fast, "name scan from " + from + " of " + length);
            }
        }
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
