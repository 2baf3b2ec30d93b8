package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TcpWireTest {
    final Arena arena = Arena.ofConfined();
    final long buffer = NativeRegions.register(arena.allocate(256), "test memory").address();
    final TcpOptions options = new TcpOptions();

    @AfterEach
    void close() {
        arena.close();
    }

    void put(int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            NativeMemory.putByte(buffer + i, bytes[i]);
        }
    }

    @Test
    void headerRoundTrips() {
        TcpHeader.write(buffer, 443, 51000, 0xFFFFFFF0, 0x12345678, 24, TcpHeader.SYN | TcpHeader.ACK, 65535);
        assertEquals(24, TcpHeader.check(buffer, 24));
        assertEquals(443, TcpHeader.sourcePort(buffer));
        assertEquals(51000, TcpHeader.destinationPort(buffer));
        assertEquals(0xFFFFFFF0, TcpHeader.sequence(buffer));
        assertEquals(0x12345678, TcpHeader.acknowledgment(buffer));
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, TcpHeader.flags(buffer));
        assertEquals(65535, TcpHeader.window(buffer));
        assertEquals(0, TcpHeader.checksum(buffer));
        assertEquals(0, TcpHeader.urgentPointer(buffer));
    }

    @Test
    void malformedHeadersAreReportedNotThrown() {
        TcpHeader.write(buffer, 1, 2, 3, 4, 20, 0, 0);
        assertEquals(TcpHeader.TRUNCATED, TcpHeader.check(buffer, 19));
        NativeMemory.putByte(buffer + 12, 4 << 4);
        assertEquals(TcpHeader.BAD_DATA_OFFSET, TcpHeader.check(buffer, 40));
        NativeMemory.putByte(buffer + 12, 15 << 4);
        assertEquals(TcpHeader.BAD_DATA_OFFSET, TcpHeader.check(buffer, 40), "data offset beyond the segment");
        assertEquals(60, TcpHeader.check(buffer, 60));
    }

    @Test
    void optionsRoundTrip() {
        int n = TcpOptions.writeMss(buffer, 1460);
        n += TcpOptions.writeWindowScale(buffer + n, 7);
        n += TcpOptions.writeSackPermitted(buffer + n);
        n += TcpOptions.writeTimestamps(buffer + n, 100, 200);
        assertTrue(options.parse(buffer, n));
        assertEquals(1460, options.mss);
        assertEquals(7, options.windowScale);
        assertTrue(options.sackPermitted);
        assertTrue(options.timestamps);
        assertEquals(100, options.timestampValue);
        assertEquals(200, options.timestampEcho);
    }

    @Test
    void clampsTinyMssAndHugeWindowScale() {
        put(2, 4, 0, 1, 3, 3, 30, 0);
        assertTrue(options.parse(buffer, 8));
        assertEquals(TcpOptions.MIN_MSS, options.mss);
        assertEquals(14, options.windowScale);
    }

    @Test
    void sackBlocksParsed() {
        put(1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40);
        assertTrue(options.parse(buffer, 20));
        assertEquals(2, options.sackBlocks);
        assertEquals(10, options.sackLeft[0]);
        assertEquals(40, options.sackRight[1]);
    }

    @Test
    void truncatedAndZeroLengthOptionsStopSafely() {
        put(2, 4, 5);
        assertFalse(options.parse(buffer, 3), "MSS cut short");
        put(3, 0, 1, 1);
        assertFalse(options.parse(buffer, 4), "length 0 would loop forever");
        put(1, 1, 0, 2, 4, 5, 180);
        assertTrue(options.parse(buffer, 7), "EOL ends the list");
        assertEquals(-1, options.mss);
        put(99, 3, 0, 2, 4, 5, 180);
        assertTrue(options.parse(buffer, 7), "unknown options are skipped");
        assertEquals(1460, options.mss);
    }

    @Test
    void randomGarbageNeverReadsOutside() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            int length = random.nextInt(41);
            for (int b = 0; b < length; b++) {
                NativeMemory.putByte(buffer + b, random.nextInt(256));
            }
            options.parse(buffer, length);
            if (options.mss != -1) {
                assertTrue(options.mss >= TcpOptions.MIN_MSS);
            }
            assertTrue(options.windowScale <= 14);
        }
    }
}
