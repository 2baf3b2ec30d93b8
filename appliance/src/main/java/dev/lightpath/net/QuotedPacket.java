package dev.lightpath.net;

import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.Ipv6Packet;

import static dev.lightpath.dpdk.NativeMemory.getI64Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;

/**
 * The packet an ICMP or ICMPv6 error quotes (RFC 792, RFC 4443 section 2.4 (c)), read in place: only its header
 * and the first 8 bytes of its upper layer are sure to be there, so it is never wrapped as a whole packet, whose
 * length checks a truncated quote would fail.
 */
final class QuotedPacket {
    /** What every error quotes of the upper layer at least: TCP's and UDP's ports, TCP's sequence number. */
    static final int UPPER_LAYER_BYTES = 8;

    private QuotedPacket() {
    }

    /**
     * The quoted IPv4 header's length, or -1 when the {@code available} bytes at {@code quoted} are not an IPv4
     * header followed by the upper layer's 8 bytes.
     */
    static int ipv4HeaderLength(long quoted, int available) {
        if (available < Ipv4Packet.MIN_HEADER_LENGTH || (getU8(quoted) >>> 4) != 4) {
            return -1;
        }
        int headerLength = (getU8(quoted) & 0x0F) * 4;
        return headerLength < Ipv4Packet.MIN_HEADER_LENGTH || available < headerLength + UPPER_LAYER_BYTES ? -1
                : headerLength;
    }

    /**
     * Whether the {@code available} bytes at {@code quoted} are an IPv6 header from {@code sourceHigh:sourceLow}
     * followed by the upper layer's 8 bytes.
     */
    static boolean ipv6From(long quoted, int available, long sourceHigh, long sourceLow) {
        return available >= Ipv6Packet.HEADER_LENGTH + UPPER_LAYER_BYTES && (getU8(quoted) >>> 4) == 6
                && getI64Be(quoted + 8) == sourceHigh && getI64Be(quoted + 16) == sourceLow;
    }
}
