package dev.lightpath.net;

import dev.lightpath.wire.Ipv6Address;

/**
 * The appliance's IPv6 address on its link, its prefix, and the gateway for everything off the prefix (all zero
 * when there is none). Addresses are two longs each, as {@link Ipv6Address} holds them.
 */
public record Ipv6Config(long addressHigh, long addressLow, int prefixLength, long gatewayHigh, long gatewayLow) {
    public Ipv6Config {
        Ipv6Address.maskHigh(prefixLength);
        if (Ipv6Address.isUnspecified(addressHigh, addressLow) || Ipv6Address.isMulticast(addressHigh)
                || (addressHigh == 0 && addressLow == 1)) {
            throw new IllegalArgumentException(Ipv6Address.format(addressHigh, addressLow)
                    + " cannot be an interface's address (unspecified, loopback or multicast)");
        }
        if (hasGateway(gatewayHigh, gatewayLow) && (Ipv6Address.isMulticast(gatewayHigh)
                || (!Ipv6Address.isLinkLocal(gatewayHigh)
                && !Ipv6Address.sameSubnet(addressHigh, addressLow, gatewayHigh, gatewayLow, prefixLength)))) {
            throw new IllegalArgumentException("gateway " + Ipv6Address.format(gatewayHigh, gatewayLow) + " is not on "
                    + Ipv6Address.format(addressHigh, addressLow) + "/" + prefixLength + " nor link-local");
        }
    }

    /** Parses "ADDR/PREFIX" and an optional gateway (null or blank for none); throws naming what is wrong. */
    public static Ipv6Config parse(String addressAndPrefix, String gateway) {
        String[] parts = addressAndPrefix.trim().split("/", -1);
        if (parts.length != 2 || parts[1].isEmpty() || parts[1].length() > 3
                || !parts[1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + addressAndPrefix + "' is not ADDR/PREFIX (e.g. 2001:db8::1/64)");
        }
        long[] address = Ipv6Address.parse(parts[0]);
        long[] via = gateway == null || gateway.isBlank() ? new long[2] : Ipv6Address.parse(gateway);
        return new Ipv6Config(address[0], address[1], Integer.parseInt(parts[1]), via[0], via[1]);
    }

    private static boolean hasGateway(long high, long low) {
        return high != 0 || low != 0;
    }

    public boolean hasGateway() {
        return hasGateway(gatewayHigh, gatewayLow);
    }

    /** True when the destination is on our prefix (or link-local), reached without the gateway. */
    public boolean onLink(long high, long low) {
        return Ipv6Address.isLinkLocal(high) || Ipv6Address.sameSubnet(addressHigh, addressLow, high, low, prefixLength);
    }

    @Override
    public String toString() {
        return Ipv6Address.format(addressHigh, addressLow) + "/" + prefixLength
                + (hasGateway() ? " gateway " + Ipv6Address.format(gatewayHigh, gatewayLow) : "");
    }
}
