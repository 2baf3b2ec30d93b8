package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;

/**
 * The Internet checksum (RFC 1071) over native memory, with the incremental update of RFC 1624 and the
 * IPv4 and IPv6 pseudo-headers that TCP, UDP and ICMPv6 checksums cover.
 *
 * <p>Sums are kept unfolded in a {@code long} while adding, eight bytes at a time, and folded to 16 bits once.
 */
public final class Checksum {
    private Checksum() {
    }

    /**
     * Adds {@code length} bytes at {@code address} to a running sum. Bytes are taken in network order; an odd
     * trailing byte is padded with zero, so only the last piece of a sum may have an odd length.
     */
    public static long add(long sum, long address, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = NativeMemory.getI64Be(address + i);
            sum += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
        for (; i + 2 <= length; i += 2) {
            sum += NativeMemory.getU16Be(address + i);
        }
        if (i < length) {
            sum += NativeMemory.getU8(address + i) << 8;
        }
        return sum;
    }

    /** Folds a running sum to 16 bits with end-around carry. */
    public static int fold(long sum) {
        sum = (sum & 0xFFFFFFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFFL) + (sum >>> 16);
        sum = (sum & 0xFFFFL) + (sum >>> 16);
        sum = (sum & 0xFFFFL) + (sum >>> 16);
        return (int) sum;
    }

    /** The checksum field value for the bytes summed: the one's complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /** The checksum of one block of memory, as written into a header whose checksum field was zero. */
    public static int compute(long address, int length) {
        return finish(add(0, address, length));
    }

    /**
     * The IPv4 pseudo-header's contribution (RFC 9293 3.1): source, destination, protocol and the L4 length.
     * Addresses are host-order ints (first octet most significant).
     */
    public static long pseudoHeader(int source, int destination, int protocol, int l4Length) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + protocol + l4Length;
    }

    /**
     * The IPv6 pseudo-header's contribution (RFC 8200 section 8.1): source, destination, the upper-layer length
     * and the next header value. Addresses are two longs each, high and low half, as {@link Ipv6Address} holds
     * them. Adding 64-bit halves as 32-bit words keeps the sum unfolded, as {@link #add} does.
     */
    public static long pseudoHeader6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                                     int nextHeader, int upperLayerLength) {
        return words(sourceHigh) + words(sourceLow) + words(destinationHigh) + words(destinationLow)
                + (upperLayerLength & 0xFFFF_FFFFL) + nextHeader;
    }

    private static long words(long v) {
        return (v >>> 32) + (v & 0xFFFFFFFFL);
    }

    /**
     * RFC 1624 eqn. 3: the new checksum field after one 16-bit word of the covered data changed from
     * {@code oldWord} to {@code newWord}.
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return positiveZero(~fold(sum) & 0xFFFF);
    }

    /** As {@link #update(int, int, int)} for a 32-bit field (an address, a sequence number). */
    public static int update32(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xFFFF)
                + (~(oldValue >>> 16) & 0xFFFF) + (~oldValue & 0xFFFF)
                + ((newValue >>> 16) & 0xFFFF) + (newValue & 0xFFFF);
        return positiveZero(~fold(sum) & 0xFFFF);
    }

    /**
     * One's complement has two zeros. When the rest of the covered data sums to zero (an all-zero echo request
     * turned into a reply), the update yields 0x0000, which no receiver verifies: the data's sum plus the field
     * must be 0xFFFF. 0xFFFF verifies whatever the rest sums to, so it stands for a zero result.
     */
    private static int positiveZero(int checksum) {
        return checksum == 0 ? 0xFFFF : checksum;
    }
}
