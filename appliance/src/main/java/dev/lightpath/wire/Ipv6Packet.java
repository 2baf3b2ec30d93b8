package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getI64Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putI64Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * The fixed IPv6 header (RFC 8200 section 3), read and written in place. Extension headers are walked by
 * {@link Ipv6ExtensionHeaders}; whether a packet is for us is the caller's to decide. Addresses are read as two
 * longs each, high and low half, as {@link Ipv6Address} holds them. There is no header checksum.
 */
public final class Ipv6Packet {
    public static final int HEADER_LENGTH = 40;
    public static final int NEXT_HEADER_TCP = 6;
    public static final int NEXT_HEADER_UDP = 17;
    public static final int NEXT_HEADER_ICMPV6 = 58;
    public static final int NEXT_HEADER_NONE = 59;
    public static final int DEFAULT_HOP_LIMIT = 64;
    /** The offset of the Next Header field: where a Parameter Problem points when the first next header is unknown. */
    public static final int NEXT_HEADER_OFFSET = 6;

    /** {@link #wrap}: the header is complete and consistent. */
    public static final int OK = 0;
    /** {@link #wrap}: fewer bytes than the fixed header. */
    public static final int TRUNCATED = -1;
    /** {@link #wrap}: a version other than 6. */
    public static final int BAD_VERSION = -2;
    /** {@link #wrap}: a payload length beyond the bytes received (jumbograms, length 0 with a jumbo option, are not taken). */
    public static final int BAD_PAYLOAD_LENGTH = -3;

    private long address;
    private int payloadLength;

    /**
     * Wraps a packet of {@code length} bytes (Ethernet padding included). Returns {@link #OK} when the header is
     * complete, version 6, and its payload length within the bytes given; otherwise a negative code above.
     */
    public int wrap(long address, int length) {
        this.address = address;
        if (length < HEADER_LENGTH) {
            return TRUNCATED;
        }
        if ((getU8(address) >>> 4) != 6) {
            return BAD_VERSION;
        }
        payloadLength = getU16Be(address + 4);
        if (payloadLength > length - HEADER_LENGTH) {
            return BAD_PAYLOAD_LENGTH;
        }
        return OK;
    }

    public long address() {
        return address;
    }

    public int trafficClass() {
        return (getU16Be(address) >>> 4) & 0xFF;
    }

    public int flowLabel() {
        return getI32Be(address) & 0xF_FFFF;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** The fixed header and its payload: the bytes the packet really has, Ethernet padding excluded. */
    public int totalLength() {
        return HEADER_LENGTH + payloadLength;
    }

    public int nextHeader() {
        return getU8(address + NEXT_HEADER_OFFSET);
    }

    public int hopLimit() {
        return getU8(address + 7);
    }

    public long payload() {
        return address + HEADER_LENGTH;
    }

    public long sourceHigh() {
        return getI64Be(address + 8);
    }

    public long sourceLow() {
        return getI64Be(address + 16);
    }

    public long destinationHigh() {
        return getI64Be(address + 24);
    }

    public long destinationLow() {
        return getI64Be(address + 32);
    }

    public void hopLimit(int hopLimit) {
        putByte(address + 7, hopLimit);
    }

    /** Puts our address as the source and the old source as the destination: a reply in place. */
    public void replyFrom(long sourceHigh, long sourceLow) {
        long peerHigh = sourceHigh();
        long peerLow = sourceLow();
        putI64Be(address + 8, sourceHigh);
        putI64Be(address + 16, sourceLow);
        putI64Be(address + 24, peerHigh);
        putI64Be(address + 32, peerLow);
    }

    /**
     * Moves the upper-layer message at {@code upperOffset} (past the extension headers) up against the fixed header,
     * which then names it directly: a reply made in place carries none of the request's extension headers.
     */
    public void removeExtensionHeaders(int upperOffset, int upperProtocol) {
        int upperLength = totalLength() - upperOffset;
        dev.lightpath.dpdk.NativeMemory.copy(address + upperOffset, address + HEADER_LENGTH, upperLength);
        payloadLength = upperLength;
        putU16Be(address + 4, upperLength);
        putByte(address + NEXT_HEADER_OFFSET, upperProtocol);
    }

    /** Writes a fixed header at {@code at} (traffic class and flow label zero); returns its length. */
    public static int write(long at, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                            int nextHeader, int payloadLength, int hopLimit) {
        putI32Be(at, 0x6000_0000);
        putU16Be(at + 4, payloadLength);
        putByte(at + 6, nextHeader);
        putByte(at + 7, hopLimit);
        putI64Be(at + 8, sourceHigh);
        putI64Be(at + 16, sourceLow);
        putI64Be(at + 24, destinationHigh);
        putI64Be(at + 32, destinationLow);
        return HEADER_LENGTH;
    }
}
