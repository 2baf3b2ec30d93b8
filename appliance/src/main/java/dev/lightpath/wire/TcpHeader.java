package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;

/**
 * The TCP header (RFC 9293 section 3.1) over native memory: static accessors at an address, so parsing and
 * emitting allocate nothing. {@link #check} validates a received header against the bytes actually present;
 * the accessors themselves trust the caller to have done so.
 */
public final class TcpHeader {
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** {@link #check} results: the segment is shorter than 20 bytes. */
    public static final int TRUNCATED = -1;
    /** The data offset is below 5 words or beyond the segment. */
    public static final int BAD_DATA_OFFSET = -2;

    private TcpHeader() {
    }

    /** Header length in bytes when the segment of {@code length} bytes is well formed, else a negative code. */
    public static int check(long address, int length) {
        if (length < MIN_LENGTH) {
            return TRUNCATED;
        }
        int headerLength = headerLength(address);
        if (headerLength < MIN_LENGTH || headerLength > length) {
            return BAD_DATA_OFFSET;
        }
        return headerLength;
    }

    public static int sourcePort(long a) {
        return NativeMemory.getU16Be(a);
    }

    public static int destinationPort(long a) {
        return NativeMemory.getU16Be(a + 2);
    }

    public static int sequence(long a) {
        return NativeMemory.getI32Be(a + 4);
    }

    public static int acknowledgment(long a) {
        return NativeMemory.getI32Be(a + 8);
    }

    public static int headerLength(long a) {
        return (NativeMemory.getU8(a + 12) >>> 4) * 4;
    }

    public static int flags(long a) {
        return NativeMemory.getU8(a + 13);
    }

    public static int window(long a) {
        return NativeMemory.getU16Be(a + 14);
    }

    public static int checksum(long a) {
        return NativeMemory.getU16Be(a + 16);
    }

    public static int urgentPointer(long a) {
        return NativeMemory.getU16Be(a + 18);
    }

    /** Writes a complete header (checksum 0, urgent 0); {@code headerLength} is a multiple of 4 in 20..60. */
    public static void write(long a, int sourcePort, int destinationPort, int sequence, int acknowledgment,
                             int headerLength, int flags, int window) {
        NativeMemory.putU16Be(a, sourcePort);
        NativeMemory.putU16Be(a + 2, destinationPort);
        NativeMemory.putI32Be(a + 4, sequence);
        NativeMemory.putI32Be(a + 8, acknowledgment);
        NativeMemory.putByte(a + 12, (headerLength / 4) << 4);
        NativeMemory.putByte(a + 13, flags);
        NativeMemory.putU16Be(a + 14, window);
        NativeMemory.putI32(a + 16, 0);
    }

    public static void checksum(long a, int value) {
        NativeMemory.putU16Be(a + 16, value);
    }
}
