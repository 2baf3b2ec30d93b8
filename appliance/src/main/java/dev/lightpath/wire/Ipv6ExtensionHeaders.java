package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;

/**
 * Walks the extension headers of an IPv6 packet (RFC 8200 section 4) to its upper-layer header, as a host does:
 * hop-by-hop options (only first), routing, fragment, destination options. At most {@link #MAX_HEADERS} are
 * walked, so a chain of tiny headers cannot make one packet cost more than a few; a longer chain is dropped,
 * as RFC 8200's note on long header chains and RFC 7112 allow.
 *
 * <p>{@link #walk} returns the upper-layer header's offset from the start of the IPv6 header (40 or more), or a
 * negative code. Where RFC 8200 asks the host to answer with a Parameter Problem, the code says so and
 * {@link #pointer()} is the offset of the byte to blame, as the ICMPv6 message carries it.
 */
public final class Ipv6ExtensionHeaders {
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int MAX_HEADERS = 8;
    private static final int FRAGMENT_HEADER_LENGTH = 8;
    private static final int PAD1 = 0;
    private static final int PADN = 1;

    /** {@link #walk}: a header runs past the end of the packet. Dropped. */
    public static final int TRUNCATED = -1;
    /** {@link #walk}: more than {@link #MAX_HEADERS} extension headers. Dropped. */
    public static final int TOO_MANY = -2;
    /**
     * {@link #walk}: a header field is wrong (a hop-by-hop header not first, a routing header of a type this host
     * does not process with segments left): Parameter Problem, code 0 or 1 as {@link #problemCode()} says.
     */
    public static final int PARAMETER_PROBLEM = -3;
    /** {@link #walk}: an unrecognised option whose type says "discard silently" (high bits 01). */
    public static final int DISCARD = -4;
    /** {@link #walk}: an unrecognised option whose type says "discard and send a Parameter Problem" (10): code 2. */
    public static final int UNRECOGNISED_OPTION = -5;
    /**
     * {@link #walk}: an unrecognised option whose type says "discard, and answer unless the destination was multicast"
     * (11): code 2 when the packet was unicast.
     */
    public static final int UNRECOGNISED_OPTION_UNLESS_MULTICAST = -6;
    /** {@link #walk}: a piece of a fragmented datagram (offset not zero, or more fragments follow). */
    public static final int FRAGMENT_PIECE = -7;
    /** {@link #walk}: option data that overruns its header. Dropped. */
    public static final int BAD_OPTIONS = -8;

    /** Parameter Problem codes (RFC 4443 section 3.4). */
    public static final int CODE_ERRONEOUS_FIELD = 0;
    public static final int CODE_UNRECOGNISED_NEXT_HEADER = 1;
    public static final int CODE_UNRECOGNISED_OPTION = 2;

    private int protocol;
    private int nextHeaderField;
    private int pointer;
    private int problemCode;
    private boolean atomicFragment;

    /**
     * Walks from the fixed header at {@code packet} (whose first next header is {@code nextHeader}) through at most
     * {@code totalLength} bytes, the fixed header included. On success {@link #protocol()} is the upper layer and
     * {@link #nextHeaderField()} the offset of the field that names it.
     */
    public int walk(long packet, int totalLength, int nextHeader) {
        int offset = Ipv6Packet.HEADER_LENGTH;
        int field = Ipv6Packet.NEXT_HEADER_OFFSET;
        atomicFragment = false;
        for (int walked = 0; ; walked++) {
            if (!isExtension(nextHeader)) {
                protocol = nextHeader;
                nextHeaderField = field;
                return offset;
            }
            if (walked == MAX_HEADERS) {
                return TOO_MANY;
            }
            if (nextHeader == HOP_BY_HOP && walked != 0) {
                return problem(CODE_UNRECOGNISED_NEXT_HEADER, field);
            }
            if (totalLength - offset < 8) {
                return TRUNCATED;
            }
            long at = packet + offset;
            int length = nextHeader == FRAGMENT ? FRAGMENT_HEADER_LENGTH : (getU8(at + 1) + 1) * 8;
            if (length > totalLength - offset) {
                return TRUNCATED;
            }
            switch (nextHeader) {
                case HOP_BY_HOP, DESTINATION_OPTIONS -> {
                    int result = options(packet, offset, length);
                    if (result != 0) {
                        return result;
                    }
                }
                case ROUTING -> {
                    // A host processes no routing type (type 0 is deprecated by RFC 5095); one addressed onwards
                    // (segments left) is a field it cannot honour, one used up is ignored.
                    if (getU8(at + 3) != 0) {
                        return problem(CODE_ERRONEOUS_FIELD, offset + 2);
                    }
                }
                default -> {
                    int offsetAndFlags = getU16Be(at + 2);
                    if ((offsetAndFlags & 0xFFF9) != 0) {
                        return FRAGMENT_PIECE;
                    }
                    // Offset zero and no more fragments: an atomic fragment, processed as a whole packet (RFC 6946).
                    atomicFragment = true;
                }
            }
            field = offset;
            nextHeader = getU8(at);
            offset += length;
        }
    }

    /** Walks the TLV options of a hop-by-hop or destination options header; 0 when all are padding or understood. */
    private int options(long packet, int offset, int length) {
        int end = offset + length;
        int at = offset + 2;
        while (at < end) {
            int type = getU8(packet + at);
            if (type == PAD1) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                return BAD_OPTIONS;
            }
            int dataLength = getU8(packet + at + 1);
            if (at + 2 + dataLength > end) {
                return BAD_OPTIONS;
            }
            if (type != PADN && !understood(type)) {
                switch (type >>> 6) {
                    case 0 -> {
                        // skip over the option and go on
                    }
                    case 1 -> {
                        return DISCARD;
                    }
                    case 2 -> {
                        problem(CODE_UNRECOGNISED_OPTION, at);
                        return UNRECOGNISED_OPTION;
                    }
                    default -> {
                        problem(CODE_UNRECOGNISED_OPTION, at);
                        return UNRECOGNISED_OPTION_UNLESS_MULTICAST;
                    }
                }
            }
            at += 2 + dataLength;
        }
        return 0;
    }

    /**
     * Options a host may meet and act on by ignoring: Router Alert (5) concerns routers. Every other type is
     * treated as its high bits say.
     */
    private static boolean understood(int type) {
        return type == 5;
    }

    private int problem(int code, int at) {
        problemCode = code;
        pointer = at;
        return PARAMETER_PROBLEM;
    }

    public static boolean isExtension(int nextHeader) {
        return nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == FRAGMENT
                || nextHeader == DESTINATION_OPTIONS;
    }

    /** The upper-layer protocol after a successful walk. */
    public int protocol() {
        return protocol;
    }

    /** The offset, from the IPv6 header, of the Next Header field naming {@link #protocol()}. */
    public int nextHeaderField() {
        return nextHeaderField;
    }

    /** After a Parameter Problem or unrecognised-option result: the offset of the byte to point at. */
    public int pointer() {
        return pointer;
    }

    /** After a Parameter Problem or unrecognised-option result: the ICMPv6 code to send. */
    public int problemCode() {
        return problemCode;
    }

    /** True when the walk passed a fragment header of a datagram that is not fragmented. */
    public boolean atomicFragment() {
        return atomicFragment;
    }
}
