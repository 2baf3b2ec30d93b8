package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Word-wise name recognition against the byte-wise comparison, in every case and with every byte changed. */
class FieldNameTest {
    static final String[] NAMES = {"host", "range", "expect", "if-range", "connection", "authorization",
            "if-none-match", "content-length", "transfer-encoding", "if-modified-since"};

    final Arena arena = Arena.ofConfined();
    final long buffer = NativeRegions.register(arena.allocate(64), "test memory").address();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void agreesWithTheByteWiseComparison() {
        Random random = new Random(23);
        for (String lower : NAMES) {
            FieldName name = FieldName.of(lower);
            assertEquals(lower.length(), name.length());
            for (int trial = 0; trial < 200; trial++) {
                for (int i = 0; i < lower.length(); i++) {
                    char c = lower.charAt(i);
                    NativeMemory.putByte(buffer + i, random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                assertTrue(name.at(buffer), lower + " in mixed case");
                for (int i = 0; i < lower.length(); i++) {
                    byte kept = NativeMemory.getByte(buffer + i);
                    for (int b = 0; b < 256; b++) {
                        NativeMemory.putByte(buffer + i, b);
                        assertEquals(HttpRequestParser.is(buffer, lower), name.at(buffer), lower + " with byte " + b + " at " + i);
                    }
                    NativeMemory.putByte(buffer + i, kept);
                }
            }
        }
    }
}
