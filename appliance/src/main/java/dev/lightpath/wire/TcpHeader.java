package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * A TCP header (RFC 9293 §3.1), read and written in place. Sequence numbers are returned as raw 32-bit ints:
 * compare them with modular arithmetic, never with {@code <}. Options are left to {@link TcpOptions}.
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
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Results of {@link #wrap}. */
    public static final int OK = 0;
    public static final int TRUNCATED = 1;
    public static final int BAD_DATA_OFFSET = 2;

    private long address;
    private int length;
    private int headerLength;

    /** Wraps a segment of {@code length} bytes (header and payload); {@link #OK} when the header is whole. */
    public int wrap(long address, int length) {
        this.address = address;
        this.length = length;
        if (length < MIN_LENGTH) {
            return TRUNCATED;
        }
        headerLength = (getU8(address + 12) >>> 4) * 4;
        if (headerLength < MIN_LENGTH || headerLength > length) {
            return BAD_DATA_OFFSET;
        }
        return OK;
    }

    public int sourcePort() {
        return getU16Be(address);
    }

    public int destinationPort() {
        return getU16Be(address + 2);
    }

    public int sequence() {
        return getI32Be(address + 4);
    }

    public int acknowledgement() {
        return getI32Be(address + 8);
    }

    public int headerLength() {
        return headerLength;
    }

    public int flags() {
        return getU8(address + 13);
    }

    public boolean has(int flag) {
        return (getU8(address + 13) & flag) != 0;
    }

    public int window() {
        return getU16Be(address + 14);
    }

    public int checksum() {
        return getU16Be(address + 16);
    }

    public int urgentPointer() {
        return getU16Be(address + 18);
    }

    public long options() {
        return address + MIN_LENGTH;
    }

    public int optionsLength() {
        return headerLength - MIN_LENGTH;
    }

    public long payload() {
        return address + headerLength;
    }

    public int payloadLength() {
        return length - headerLength;
    }

    /**
     * Writes a header at {@code at} with room for {@code optionsLength} bytes of options (a multiple of 4,
     * written by the caller after it); the checksum field is zero. Returns the header length.
     */
    public static int write(long at, int sourcePort, int destinationPort, int sequence, int acknowledgement,
                            int flags, int window, int optionsLength) {
        int headerLength = MIN_LENGTH + optionsLength;
        putU16Be(at, sourcePort);
        putU16Be(at + 2, destinationPort);
        putI32Be(at + 4, sequence);
        putI32Be(at + 8, acknowledgement);
        putByte(at + 12, (headerLength / 4) << 4);
        putByte(at + 13, flags);
        putU16Be(at + 14, window);
        putU16Be(at + 16, 0);
        putU16Be(at + 18, 0);
        return headerLength;
    }
}
