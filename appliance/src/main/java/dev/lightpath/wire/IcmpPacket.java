package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/** An ICMP message (RFC 792): echo request and reply, and destination unreachable. */
public final class IcmpPacket {
    public static final int HEADER_LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;

    private long address;
    private int length;

    public boolean wrap(long address, int length) {
        this.address = address;
        this.length = length;
        return length >= HEADER_LENGTH;
    }

    public int type() {
        return getU8(address);
    }

    public int code() {
        return getU8(address + 1);
    }

    public int checksum() {
        return getU16Be(address + 2);
    }

    public int identifier() {
        return getU16Be(address + 4);
    }

    public int sequence() {
        return getU16Be(address + 6);
    }

    public boolean checksumValid() {
        return Checksum.fold(Checksum.add(0, address, length)) == 0xFFFF;
    }

    /**
     * Turns an echo request into its reply in place: only the type changes, so the checksum is updated for
     * that one word rather than recomputed over the payload.
     */
    public void turnEchoRequestIntoReply() {
        int oldWord = getU16Be(address);
        putByte(address, ECHO_REPLY);
        putU16Be(address + 2, Checksum.update(checksum(), oldWord, getU16Be(address)));
    }

    /**
     * Writes a destination-unreachable message at {@code at} quoting {@code quotedLength} bytes of the
     * offending datagram (its header and the first 8 bytes of its payload) found at {@code original}.
     * Returns the message length.
     */
    public static int writeUnreachable(long at, int code, long original, int quotedLength) {
        putByte(at, DESTINATION_UNREACHABLE);
        putByte(at + 1, code);
        putU16Be(at + 2, 0);
        putI32Be(at + 4, 0);
        dev.lightpath.dpdk.NativeMemory.copy(original, at + HEADER_LENGTH, quotedLength);
        int length = HEADER_LENGTH + quotedLength;
        putU16Be(at + 2, Checksum.compute(at, length));
        return length;
    }
}
