package dev.lightpath.wire;

/**
 * IPv4 addresses as host-order ints (first octet most significant): parsing and printing for configuration
 * and logs, and subnet arithmetic. Not for the per-packet path, which never turns an address into text.
 */
public final class Ipv4Address {
    private Ipv4Address() {
    }

    /** Parses dotted-quad text; throws {@link IllegalArgumentException} naming what is wrong. */
    public static int parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d)");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d)");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "': " + octet + " is not an octet (0-255)");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    public static int mask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0..32");
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public static boolean sameSubnet(int a, int b, int prefixLength) {
        int mask = mask(prefixLength);
        return (a & mask) == (b & mask);
    }

    /** 0.0.0.0, which stands for no address at all (a source before it has one, "any" to a socket). */
    public static boolean isUnspecified(int address) {
        return address == 0;
    }

    /** 127.0.0.0/8, which never leaves its host. */
    public static boolean isLoopback(int address) {
        return (address >>> 24) == 127;
    }

    /** 224.0.0.0/4, a group rather than a node. */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xE;
    }

    /** 255.255.255.255, every node on the link. */
    public static boolean isLimitedBroadcast(int address) {
        return address == -1;
    }

    /** 240.0.0.0/4 (the limited broadcast address aside), set aside for future use and not used by hosts. */
    public static boolean isReserved(int address) {
        return (address >>> 28) == 0xF && !isLimitedBroadcast(address);
    }

    /**
     * Why no single node on a link can hold {@code address} as its own, in plain words to follow "ADDRESS is", or
     * null when one can: the unspecified, loopback, multicast, limited broadcast and reserved addresses.
     */
    public static String whyNoNodeHolds(int address) {
        if (isUnspecified(address)) {
            return "the unspecified address, which stands for no address";
        }
        if (isLoopback(address)) {
            return "a loopback address (127.0.0.0/8), which never leaves its host";
        }
        if (isMulticast(address)) {
            return "a multicast address (224.0.0.0/4), a group rather than a node";
        }
        if (isLimitedBroadcast(address)) {
            return "the limited broadcast address, every node on the link rather than one";
        }
        if (isReserved(address)) {
            return "in the reserved block 240.0.0.0/4, which hosts do not use";
        }
        return null;
    }

    /**
     * Why {@code address} cannot be a node's address on the subnet {@code address/prefixLength}, in plain words to
     * follow "ADDRESS is", or null when it can: the subnet's first (network) and last (broadcast) addresses. A /31
     * (RFC 3021) and a /32 have neither.
     */
    public static String whySubnetReserves(int address, int prefixLength) {
        int mask = mask(prefixLength);
        if (prefixLength >= 31) {
            return null;
        }
        String subnet = format(address & mask) + "/" + prefixLength;
        if ((address & ~mask) == 0) {
            return "the network address of " + subnet + ", which names the subnet rather than a node on it";
        }
        if ((address | mask) == -1) {
            return "the broadcast address of " + subnet + ", every node on the subnet rather than one";
        }
        return null;
    }
}
