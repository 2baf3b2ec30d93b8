package dev.lightpath.dpdk;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checked mode's registry, through the accessors the engine uses: what is inside one buffer passes, nothing else. */
class NativeRegionsTest {
    @BeforeAll
    static void testsRunChecked() {
        assertTrue(NativeMemory.CHECKED, "the build runs the tests with -Dlightpath.checked=true");
    }

    @Test
    void accessesInsideTheBufferPassAndOnePastItsEndThrowsNamingAddressSizeAndBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            long buffer = NativeRegions.register(arena.allocate(64, 64), "the test buffer").address();
            NativeMemory.putI64(buffer + 56, 7);
            assertEquals(7, NativeMemory.getI64(buffer + 56));
            NativeMemory.fill(buffer, 64, (byte) 1);

            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> NativeMemory.putI64(buffer + 57, 0));
            assertTrue(e.getMessage().contains("8 bytes at 0x" + Long.toHexString(buffer + 57)), e.getMessage());
            assertTrue(e.getMessage().contains("the test buffer"), e.getMessage());
            assertTrue(e.getMessage().contains("[0x" + Long.toHexString(buffer) + ", 0x" + Long.toHexString(buffer + 64) + ")"),
                    e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(buffer + 64));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(buffer - 1));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.fill(buffer, 65, (byte) 0));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(new byte[8], 0, buffer + 60, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(buffer + 60, new byte[8], 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.check(buffer + 32, 33));
            assertEquals(1, NativeMemory.getByte(buffer + 63), "nothing was written by the accesses that threw");
        }
    }

    @Test
    void anAccessAcrossTwoAdjacentBuffersThrowsThoughEachByteIsRegistered() {
        try (Arena arena = Arena.ofConfined()) {
            long first = arena.allocate(128, 64).address();
            NativeRegions.registerAll(new long[] {first, first + 64}, new long[] {64, 64}, "two buffers");
            NativeMemory.putI32(first + 60, 1);
            NativeMemory.putI32(first + 64, 2);
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putI32(first + 62, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(first, first + 64, 65));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(first + 32, first + 64, 64));
            NativeMemory.copy(first, first + 64, 64);
            NativeRegions.unregister("two buffers");
        }
    }

    @Test
    void slicesAreBuffersOfTheirOwn() {
        try (Arena arena = Arena.ofConfined()) {
            long area = NativeRegions.registerSlices(arena.allocate(300, 64), 100, "sliced").address();
            NativeMemory.putI64(area + 92, 1);
            NativeMemory.putI64(area + 292, 1);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putI64(area + 96, 1));
            assertTrue(e.getMessage().contains("buffer 0 of sliced"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getI64(area + 296));
        }
    }

    @Test
    void aClosedArenasMemoryIsNoLongerValidAndMayBeRegisteredAgain() {
        Arena arena = Arena.ofConfined();
        long buffer = NativeRegions.register(arena.allocate(64), "closed soon").address();
        NativeMemory.putByte(buffer, 1);
        arena.close();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(buffer));
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        // Whatever comes to lie there next is registered over the dead region without complaint.
        NativeRegions.register(buffer, 64, "raw memory");
        NativeRegions.unregister("raw memory");
    }

    @Test
    void unregisteredMemoryIsNoLongerValidAndOverlapsAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            long buffer = arena.allocate(64).address();
            Object owner = new Object();
            NativeRegions.register(buffer, 64, owner);
            assertDoesNotThrow(() -> NativeMemory.getI64(buffer));
            assertThrows(IllegalStateException.class, () -> NativeRegions.register(buffer + 32, 64, "overlapping"));
            NativeRegions.unregister(owner);
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getI64(buffer));
        }
    }

    @Test
    void automaticMemoryIsValidWhileReachableAndReplacedOnceFreed() {
        MemorySegment segment = NativeRegions.registerUntilUnreachable(Arena.ofAuto().allocate(64), "automatic");
        NativeMemory.putI64(segment.address() + 56, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putI64(segment.address() + 57, 1));
        // As if the collector had freed it and the allocator handed the addresses out again.
        NativeRegions.register(segment.address(), 64, "reused");
        assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putI64(segment.address() + 60, 1));
        NativeRegions.unregister("reused");
    }
}
