package dev.lightpath.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads and writes native memory by absolute address, without allocating: the one way the engine touches
 * packet bytes and mbuf fields.
 *
 * <p>The segment spans the whole address space and is a constant, so the JIT reduces every access to a plain
 * load or store. It checks nothing: callers (the wire flyweights) bound every access by the length of the
 * frame they wrap. Multi-byte accessors come in two flavours: network order ({@code ...Be}) for protocol
 * headers, and the machine's own order for DPDK's structs.
 *
 * <p>In checked mode ({@code -Dlightpath.checked=true}: tests, fuzzing, end-to-end runs) every access must lie
 * inside one buffer registered with {@link NativeRegions}, or it throws {@link IndexOutOfBoundsException}
 * naming the address, the size and the nearest buffer, before touching memory. The flag is a constant: when
 * it is off, the JIT drops the checks and the accessors stay plain loads and stores.
 */
public final class NativeMemory {
    /** Everything, from address 0. Requires native access to be enabled (the launcher and the build do). */
    public static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Read once at start, so that the JIT folds every check away when it is off. */
    public static final boolean CHECKED = Boolean.getBoolean("lightpath.checked");

    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private NativeMemory() {
    }

    public static byte getByte(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 1);
        }
        return ALL.get(ValueLayout.JAVA_BYTE, address);
    }

    public static int getU8(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 1);
        }
        return ALL.get(ValueLayout.JAVA_BYTE, address) & 0xff;
    }

    public static void putByte(long address, int value) {
        if (CHECKED) {
            NativeRegions.check(address, 1);
        }
        ALL.set(ValueLayout.JAVA_BYTE, address, (byte) value);
    }

    /** Unsigned 16 bits in network order. */
    public static int getU16Be(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 2);
        }
        return ALL.get(SHORT_BE, address) & 0xffff;
    }

    public static void putU16Be(long address, int value) {
        if (CHECKED) {
            NativeRegions.check(address, 2);
        }
        ALL.set(SHORT_BE, address, (short) value);
    }

    /** 32 bits in network order (sequence numbers, addresses: compare them unsigned where it matters). */
    public static int getI32Be(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 4);
        }
        return ALL.get(INT_BE, address);
    }

    public static void putI32Be(long address, int value) {
        if (CHECKED) {
            NativeRegions.check(address, 4);
        }
        ALL.set(INT_BE, address, value);
    }

    public static long getI64Be(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 8);
        }
        return ALL.get(LONG_BE, address);
    }

    public static void putI64Be(long address, long value) {
        if (CHECKED) {
            NativeRegions.check(address, 8);
        }
        ALL.set(LONG_BE, address, value);
    }

    /**
     * 64 bits, the byte at {@code address} lowest: for scanning text eight bytes at a time, where the lowest
     * marked byte must be the first in memory whatever the machine's order.
     */
    public static long getI64Le(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 8);
        }
        return ALL.get(LONG_LE, address);
    }

    /** Unsigned 16 bits, the byte at {@code address} lowest (see {@link #getI64Le}). */
    public static int getU16Le(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 2);
        }
        return ALL.get(SHORT_LE, address) & 0xffff;
    }

    /** 32 bits, the byte at {@code address} lowest (see {@link #getI64Le}). */
    public static int getI32Le(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 4);
        }
        return ALL.get(INT_LE, address);
    }

    /** Unsigned 16 bits in the machine's order. */
    public static int getU16(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 2);
        }
        return ALL.get(SHORT, address) & 0xffff;
    }

    public static void putU16(long address, int value) {
        if (CHECKED) {
            NativeRegions.check(address, 2);
        }
        ALL.set(SHORT, address, (short) value);
    }

    public static int getI32(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 4);
        }
        return ALL.get(INT, address);
    }

    public static void putI32(long address, int value) {
        if (CHECKED) {
            NativeRegions.check(address, 4);
        }
        ALL.set(INT, address, value);
    }

    public static long getI64(long address) {
        if (CHECKED) {
            NativeRegions.check(address, 8);
        }
        return ALL.get(LONG, address);
    }

    public static void putI64(long address, long value) {
        if (CHECKED) {
            NativeRegions.check(address, 8);
        }
        ALL.set(LONG, address, value);
    }

    public static void copy(long from, long to, long length) {
        if (CHECKED) {
            NativeRegions.check(from, length);
            NativeRegions.check(to, length);
        }
        MemorySegment.copy(ALL, from, ALL, to, length);
    }

    public static void copy(byte[] from, int fromOffset, long to, int length) {
        if (CHECKED) {
            NativeRegions.check(to, length);
        }
        MemorySegment.copy(from, fromOffset, ALL, ValueLayout.JAVA_BYTE, to, length);
    }

    public static void copy(long from, byte[] to, int toOffset, int length) {
        if (CHECKED) {
            NativeRegions.check(from, length);
        }
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, from, to, toOffset, length);
    }

    public static void fill(long address, long length, byte value) {
        if (CHECKED) {
            NativeRegions.check(address, length);
        }
        ALL.asSlice(address, length).fill(value);
    }

    /**
     * For code that reads native memory through {@link #ALL} itself (vector loads): in checked mode, throws
     * unless {@code [address, address + size)} lies inside one registered buffer; otherwise nothing.
     */
    public static void check(long address, long size) {
        if (CHECKED) {
            NativeRegions.check(address, size);
        }
    }
}
