package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * An IPv4 header (RFC 791), read and written in place. Options are skipped, never interpreted. {@link #wrap}
 * validates the header's own consistency and says what is wrong; whether a packet is for us, a fragment, or
 * has a bad checksum is the caller's to decide.
 */
public final class Ipv4Packet {
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int DEFAULT_TTL = 64;

    /** {@link #wrap}: the header is complete and consistent. */
    public static final int OK = 0;
    /** {@link #wrap}: fewer bytes than the fixed header. */
    public static final int TRUNCATED = -1;
    /** {@link #wrap}: a version other than 4. */
    public static final int BAD_VERSION = -2;
    /** {@link #wrap}: a header length below 20 bytes or beyond the packet. */
    public static final int BAD_HEADER_LENGTH = -3;
    /** {@link #wrap}: a total length shorter than the header or beyond the packet. */
    public static final int BAD_TOTAL_LENGTH = -4;

    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int OFFSET_MASK = 0x1FFF;

    private long address;
    private int headerLength;
    private int totalLength;

    /**
     * Wraps a packet of {@code length} bytes (Ethernet padding included). Returns {@link #OK} when the header
     * is complete and consistent: version 4, header length 20..60 within the packet, total length covering
     * the header and within the packet; otherwise one of the negative codes above.
     */
    public int wrap(long address, int length) {
        this.address = address;
        if (length < MIN_HEADER_LENGTH) {
            return TRUNCATED;
        }
        int versionAndLength = getU8(address);
        if ((versionAndLength >>> 4) != 4) {
            return BAD_VERSION;
        }
        headerLength = (versionAndLength & 0x0F) * 4;
        if (headerLength < MIN_HEADER_LENGTH || headerLength > length) {
            return BAD_HEADER_LENGTH;
        }
        totalLength = getU16Be(address + 2);
        if (totalLength < headerLength || totalLength > length) {
            return BAD_TOTAL_LENGTH;
        }
        return OK;
    }

    public int headerLength() {
        return headerLength;
    }

    public int totalLength() {
        return totalLength;
    }

    public int payloadLength() {
        return totalLength - headerLength;
    }

    public long payload() {
        return address + headerLength;
    }

    public int identification() {
        return getU16Be(address + 4);
    }

    /** True for any piece of a fragmented datagram (more fragments follow, or not the first). */
    public boolean isFragment() {
        int flagsAndOffset = getU16Be(address + 6);
        return (flagsAndOffset & (MORE_FRAGMENTS | OFFSET_MASK)) != 0;
    }

    public int ttl() {
        return getU8(address + 8);
    }

    public int protocol() {
        return getU8(address + 9);
    }

    public int checksum() {
        return getU16Be(address + 10);
    }

    public int source() {
        return getI32Be(address + 12);
    }

    public int destination() {
        return getI32Be(address + 16);
    }

    /** True when the header checksum verifies (the sum over the header, checksum included, is all ones). */
    public boolean checksumValid() {
        return Checksum.fold(Checksum.add(0, address, headerLength)) == 0xFFFF;
    }

    /**
     * Writes a 20-byte header at {@code at}, don't-fragment set, checksum computed. Returns its length.
     */
    public static int write(long at, int source, int destination, int protocol, int payloadLength, int identification,
                            int ttl) {
        putByte(at, 0x45);
        putByte(at + 1, 0);
        putU16Be(at + 2, MIN_HEADER_LENGTH + payloadLength);
        putU16Be(at + 4, identification);
        putU16Be(at + 6, 0x4000);
        putByte(at + 8, ttl);
        putByte(at + 9, protocol);
        putU16Be(at + 10, 0);
        putI32Be(at + 12, source);
        putI32Be(at + 16, destination);
        putU16Be(at + 10, Checksum.compute(at, MIN_HEADER_LENGTH));
        return MIN_HEADER_LENGTH;
    }

    /** Swaps source and destination in place; the header checksum is unchanged by a swap. */
    public void swapAddresses() {
        int source = source();
        putI32Be(address + 12, destination());
        putI32Be(address + 16, source);
    }

    public void ttl(int ttl) {
        int oldWord = getU16Be(address + 8);
        putByte(address + 8, ttl);
        putU16Be(address + 10, Checksum.update(checksum(), oldWord, getU16Be(address + 8)));
    }
}
