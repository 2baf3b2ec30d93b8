package dev.lightpath.wire;

/**
 * IPv6 addresses as two longs, the high and the low 64 bits (first octet most significant): parsing and printing
 * for configuration and logs (RFC 4291 text, RFC 5952 canonical output), prefixes, and the multicast groups and
 * MACs Neighbour Discovery derives from an address. The per-packet path compares the longs and never builds text.
 */
public final class Ipv6Address {
    /** The high half of ff02::1, all nodes on the link; its low half is 1. */
    public static final long ALL_NODES_HIGH = 0xFF02_0000_0000_0000L;
    public static final long ALL_NODES_LOW = 1;
    /** The high half of every solicited-node multicast address, ff02::1:ffXX:XXXX (RFC 4291 2.7.1). */
    public static final long SOLICITED_NODE_HIGH = 0xFF02_0000_0000_0000L;
    private static final long SOLICITED_NODE_LOW_PREFIX = 0x0000_0001_FF00_0000L;
    private static final long MULTICAST_MAC_PREFIX = 0x3333_0000_0000L;

    private Ipv6Address() {
    }

    /**
     * Parses RFC 4291 text (eight groups of up to four hex digits, one "::" for a run of zero groups, an optional
     * dotted IPv4 tail) as {high, low}; throws {@link IllegalArgumentException} naming what is wrong.
     */
    public static long[] parse(String text) {
        String address = text.trim();
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            throw invalid(text, "more than one '::'");
        }
        int[] head = groups(text, gap < 0 ? address : address.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(text, address.substring(gap + 2));
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw invalid(text, gap < 0 ? "not eight groups" : "too many groups around '::'");
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | all[i];
            low = (low << 16) | all[i + 4];
        }
        return new long[] {high, low};
    }

    /** The 16-bit groups of one side of "::" (possibly empty); a dotted IPv4 tail counts as two. */
    private static int[] groups(String text, String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        boolean dotted = pieces[pieces.length - 1].contains(".");
        int[] groups = new int[pieces.length + (dotted ? 1 : 0)];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (dotted && i == pieces.length - 1) {
                int v4;
                try {
                    v4 = Ipv4Address.parse(piece);
                } catch (IllegalArgumentException e) {
                    throw invalid(text, "'" + piece + "' is not a dotted IPv4 tail");
                }
                groups[i] = v4 >>> 16;
                groups[i + 1] = v4 & 0xFFFF;
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4 || !piece.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw invalid(text, "'" + piece + "' is not a group of 1-4 hex digits");
            }
            groups[i] = Integer.parseInt(piece, 16);
        }
        return groups;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not an IPv6 address: " + why);
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run (the first of equals) of two or more zero groups as "::". */
    public static String format(long high, long low) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The high half of the netmask of a prefix length (0..128). */
    public static long maskHigh(int prefixLength) {
        checkPrefix(prefixLength);
        return prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    /** The low half of the netmask of a prefix length (0..128). */
    public static long maskLow(int prefixLength) {
        checkPrefix(prefixLength);
        return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
    }

    private static void checkPrefix(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0..128");
        }
    }

    public static boolean sameSubnet(long aHigh, long aLow, long bHigh, long bLow, int prefixLength) {
        return ((aHigh ^ bHigh) & maskHigh(prefixLength)) == 0 && ((aLow ^ bLow) & maskLow(prefixLength)) == 0;
    }

    public static boolean isMulticast(long high) {
        return (high >>> 56) == 0xFF;
    }

    public static boolean isUnspecified(long high, long low) {
        return high == 0 && low == 0;
    }

    /** ::1, which never leaves its host. */
    public static boolean isLoopback(long high, long low) {
        return high == 0 && low == 1;
    }

    /**
     * ::ffff:0:0/96, an IPv4 node's address as an IPv6 API writes it (RFC 4291 section 2.5.5.2): never a source or
     * destination on an IPv6 link.
     */
    public static boolean isIpv4Mapped(long high, long low) {
        return high == 0 && (low >>> 32) == 0xFFFFL;
    }

    /** fe80::/10, where Neighbour Discovery may also be addressed from. */
    public static boolean isLinkLocal(long high) {
        return (high >>> 54) == (0xFE80L >>> 6);
    }

    /** The low half of the solicited-node group of an address (its high half is {@link #SOLICITED_NODE_HIGH}). */
    public static long solicitedNodeLow(long low) {
        return SOLICITED_NODE_LOW_PREFIX | (low & 0xFF_FFFFL);
    }

    public static boolean isSolicitedNode(long high, long low) {
        return high == SOLICITED_NODE_HIGH && (low & ~0xFF_FFFFL) == SOLICITED_NODE_LOW_PREFIX;
    }

    /** The Ethernet MAC a multicast group is sent to: 33:33 and its last 32 bits (RFC 2464 section 7). */
    public static long multicastMac(long low) {
        return MULTICAST_MAC_PREFIX | (low & 0xFFFF_FFFFL);
    }

    public static boolean isMulticastMac(long mac) {
        return (mac & 0xFFFF_0000_0000L) == MULTICAST_MAC_PREFIX;
    }
}
