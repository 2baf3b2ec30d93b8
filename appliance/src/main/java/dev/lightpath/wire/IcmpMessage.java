package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * The eight bytes ICMP (RFC 792) and ICMPv6 (RFC 4443) messages both begin with: type, code, checksum, and for
 * echo the identifier and sequence number, at the same offsets in both. What differs, the types' numbers and
 * what the checksum covers, is each version's own ({@link IcmpPacket}, {@link Icmpv6Packet}).
 */
public abstract sealed class IcmpMessage permits IcmpPacket, Icmpv6Packet {
    /** Type, code, checksum, and the four bytes every message has after them. */
    public static final int HEADER_LENGTH = 8;

    private final int echoReply;
    long address;
    int length;

    IcmpMessage(int echoReply) {
        this.echoReply = echoReply;
    }

    /** Wraps a message of {@code length} bytes; false when shorter than the eight bytes every message has. */
    public final boolean wrap(long address, int length) {
        this.address = address;
        this.length = length;
        return length >= HEADER_LENGTH;
    }

    public final int type() {
        return getU8(address);
    }

    public final int code() {
        return getU8(address + 1);
    }

    public final int checksum() {
        return getU16Be(address + 2);
    }

    public final int identifier() {
        return getU16Be(address + 4);
    }

    public final int sequence() {
        return getU16Be(address + 6);
    }

    /** Where what follows the eight-byte header begins: the quoted packet, in an error message. */
    public final long payloadAddress() {
        return address + HEADER_LENGTH;
    }

    public final int length() {
        return length;
    }

    /**
     * Turns an echo request into its reply in place: only the type changes, so the checksum is updated for that
     * one word rather than recomputed over the payload. In ICMPv6 the caller swaps the addresses; the
     * pseudo-header the checksum also covers sums the same either way round.
     */
    public final void turnEchoRequestIntoReply() {
        int oldWord = getU16Be(address);
        putByte(address, echoReply);
        putU16Be(address + 2, Checksum.update(checksum(), oldWord, getU16Be(address)));
    }
}
