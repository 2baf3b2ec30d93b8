package dev.lightpath.http;

import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Bytes prepared at start copied into native memory that lives as long as its segment is referenced. */
final class NativeBytes {
    private NativeBytes() {
    }

    static MemorySegment of(byte[] bytes) {
        MemorySegment segment = NativeRegions.registerUntilUnreachable(Arena.ofAuto().allocate(Math.max(1, bytes.length), 64), "prepared bytes");
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }
}
