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
                || Ipv6Address.isLoopback(addressHigh, addressLow)) {
            throw new IllegalArgumentException(Ipv6Address.format(addressHigh, addressLow)
                    + " cannot be an interface's address (unspecified, loopback or multicast)");
        }
        if (Ipv6Address.isIpv4Mapped(addressHigh, addressLow)) {
            throw new IllegalArgumentException(Ipv6Address.format(addressHigh, addressLow)
                    + " is an IPv4-mapped address, which no IPv6 link carries: give the IPv4 address as ip.address");
        }
        if (gatewayHigh == addressHigh && gatewayLow == addressLow) {
            throw new IllegalArgumentException("gateway " + Ipv6Address.format(gatewayHigh, gatewayLow)
                    + " is the interface's own address: the next hop is another node on the link");
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
        long[] via = gateway == null || gateway.isBlank() ? new long[2] : parseGateway(gateway);
        return new Ipv6Config(address[0], address[1], Integer.parseInt(parts[1]), via[0], via[1]);
    }

    /**
     * Parses a gateway on its own: a unicast address a neighbour can hold. The unspecified address is refused
     * rather than read as "no gateway", which is written by leaving the gateway out.
     */
    public static long[] parseGateway(String text) {
        long[] via = Ipv6Address.parse(text.trim());
        if (Ipv6Address.isUnspecified(via[0], via[1]) || Ipv6Address.isMulticast(via[0])
                || Ipv6Address.isLoopback(via[0], via[1]) || Ipv6Address.isIpv4Mapped(via[0], via[1])) {
            throw new IllegalArgumentException(Ipv6Address.format(via[0], via[1]) + " cannot be a next hop "
                    + "(unspecified, multicast, loopback or IPv4-mapped): leave the gateway out for none");
        }
        return via;
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
