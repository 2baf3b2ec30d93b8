package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineFeedsTest {
    final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void findsTheFirstLineFeedAtEveryPositionOfEveryLength() {
        long base = NativeRegions.register(arena.allocate(64), "test memory").address();
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at <= length; at++) {
                for (int i = 0; i < 64; i++) {
                    // Bytes one bit away from LF (0x0b, 0x08, 0x8a) and the byte above it, around the one LF.
                    NativeMemory.putByte(base + i, (byte) new int[] {0x0b, 0x08, 0x8a, 'x', 0x0d}[i % 5]);
                }
                if (at < length) {
                    NativeMemory.putByte(base + at, (byte) '\n');
                    NativeMemory.putByte(base + at + 1, (byte) '\n');  // a second one, which must not be found first
                } else {
                    NativeMemory.putByte(base + length, (byte) '\n');  // one just past the end, which must not be read
                }
                assertEquals(base + at, LineFeeds.next(base, base + length), "LF at " + at + " of " + length);
            }
        }
    }
}
