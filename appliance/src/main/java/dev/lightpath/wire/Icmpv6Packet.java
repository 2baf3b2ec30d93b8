package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;

import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * An ICMPv6 message (RFC 4443): echo, the error messages a host sends, and the checksum over the IPv6
 * pseudo-header that every ICMPv6 message carries (unlike ICMP for IPv4). Neighbour Discovery's messages are
 * ICMPv6 messages too; their bodies are read by {@link NeighbourMessage}.
 */
public final class Icmpv6Packet extends IcmpMessage {
    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int NEIGHBOUR_SOLICITATION = 135;
    public static final int NEIGHBOUR_ADVERTISEMENT = 136;
    /**
     * The most of the offending packet an error quotes: an error must fit the minimum IPv6 MTU, 1280 bytes,
     * with its own IPv6 and ICMPv6 headers (RFC 4443 section 2.4 (c)).
     */
    public static final int MAX_QUOTE = 1280 - Ipv6Packet.HEADER_LENGTH - HEADER_LENGTH;

    public Icmpv6Packet() {
        super(ECHO_REPLY);
    }

    /** True for error messages (types below 128), to which no error is ever sent (RFC 4443 section 2.4 (e.1)). */
    /** In a Packet Too Big: the MTU of the link the packet could not take (RFC 4443 section 3.2). */
    public long mtu() {
        return dev.lightpath.dpdk.NativeMemory.getI32Be(address + 4) & 0xFFFF_FFFFL;
    }

    public static boolean isError(int type) {
        return type < 128;
    }

    /** True when the checksum verifies over the message and the pseudo-header of the packet that carried it. */
    public boolean checksumValid(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        long sum = Checksum.pseudoHeader6(sourceHigh, sourceLow, destinationHigh, destinationLow,
                Ipv6Packet.NEXT_HEADER_ICMPV6, length);
        return Checksum.fold(Checksum.add(sum, address, length)) == 0xFFFF;
    }

    /**
     * Writes, at {@code header}, the IPv6 header of the {@code length}-byte ICMPv6 message that follows it, then the
     * message's checksum over them; returns the packet's length.
     */
    public static int writeIpv6Header(long header, int length, long sourceHigh, long sourceLow, long destinationHigh,
                                      long destinationLow, int hopLimit) {
        Ipv6Packet.write(header, sourceHigh, sourceLow, destinationHigh, destinationLow, Ipv6Packet.NEXT_HEADER_ICMPV6,
                length, hopLimit);
        fillChecksum(header + Ipv6Packet.HEADER_LENGTH, length, sourceHigh, sourceLow, destinationHigh, destinationLow);
        return Ipv6Packet.HEADER_LENGTH + length;
    }

    /**
     * Writes the checksum of the {@code length}-byte message at {@code at} as sent between the two addresses.
     */
    public static void fillChecksum(long at, int length, long sourceHigh, long sourceLow, long destinationHigh,
                                    long destinationLow) {
        putU16Be(at + 2, 0);
        long sum = Checksum.pseudoHeader6(sourceHigh, sourceLow, destinationHigh, destinationLow,
                Ipv6Packet.NEXT_HEADER_ICMPV6, length);
        putU16Be(at + 2, Checksum.finish(Checksum.add(sum, at, length)));
    }

    /**
     * Writes an error message at {@code at}: its type and code, the 32-bit parameter (the pointer of a Parameter
     * Problem, the MTU of a Packet Too Big, zero otherwise), then as much of the offending packet at
     * {@code original} as {@link #MAX_QUOTE} allows of its {@code originalLength} bytes. The checksum is left to
     * {@link #fillChecksum}. Returns the message length.
     */
    public static int writeError(long at, int type, int code, int parameter, long original, int originalLength) {
        putByte(at, type);
        putByte(at + 1, code);
        putU16Be(at + 2, 0);
        putI32Be(at + 4, parameter);
        int quoted = Math.min(originalLength, MAX_QUOTE);
        NativeMemory.copy(original, at + HEADER_LENGTH, quoted);
        return HEADER_LENGTH + quoted;
    }
}
