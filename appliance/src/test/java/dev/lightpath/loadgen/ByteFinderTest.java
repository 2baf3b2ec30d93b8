package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteFinderTest {
    final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @ParameterizedTest
    @ValueSource(bytes = {'\n', ':'})
    void findsTheFirstOccurrenceAtEveryPositionOfEveryLength(byte wanted) {
        long base = NativeRegions.register(arena.allocate(64), "test memory").address();
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at <= length; at++) {
                for (int i = 0; i < 64; i++) {
                    // Bytes one bit away from the one wanted, the byte above it, and the one with its top bit set.
                    NativeMemory.putByte(base + i, (byte) new int[] {wanted ^ 1, wanted ^ 2, wanted + 1, wanted ^ 0x80}[i % 4]);
                }
                if (at < length) {
                    NativeMemory.putByte(base + at, wanted);
                    NativeMemory.putByte(base + at + 1, wanted);  // a second one, which must not be found first
                } else {
                    NativeMemory.putByte(base + length, wanted);  // one just past the end, which must not be read
                }
                assertEquals(base + at, ByteFinder.next(base, base + length, wanted),
                        (char) wanted + " at " + at + " of " + length);
            }
        }
    }
}
