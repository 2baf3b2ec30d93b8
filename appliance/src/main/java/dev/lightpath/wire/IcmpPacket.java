package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/** An ICMP message (RFC 792): echo request and reply, and destination unreachable. */
public final class IcmpPacket extends IcmpMessage {
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination unreachable because the datagram was too big for a link and carried DF (RFC 1191). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;

    public IcmpPacket() {
        super(ECHO_REPLY);
    }

    /** In "fragmentation needed": the MTU of the link the datagram could not take (RFC 1191 section 4); 0 from old routers. */
    public int nextHopMtu() {
        return dev.lightpath.dpdk.NativeMemory.getU16Be(address + 6);
    }

    public boolean checksumValid() {
        return Checksum.fold(Checksum.add(0, address, length)) == 0xFFFF;
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
