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
}
