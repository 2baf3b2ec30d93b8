package dev.lightpath.control.metrics;

import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens, as given on the command line or in the configuration: {@code HOST:PORT}
 * with an IPv4 address or {@code localhost}, {@code [ADDRESS]:PORT} with an IPv6 literal in brackets (as in a
 * URL, so that the port cannot be mistaken for the address's last group), or {@code off}. No name lookups: the
 * management address is configuration, not something to resolve. {@code [::]} listens on every interface, in
 * both families where the host allows IPv4 on an IPv6 socket, as {@code 0.0.0.0} does in IPv4 alone.
 */
public final class MetricsAddress {
    /** Loopback only unless told otherwise: the endpoint has no authentication. */
    public static final String DEFAULT = "127.0.0.1:9100";
    public static final String OFF = "off";

    private MetricsAddress() {
    }

    /** The socket address, or null for {@code off}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static InetSocketAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give the metrics address as HOST:PORT (e.g. " + DEFAULT + " or "
                    + "[::1]:9100) or off");
        }
        String value = text.trim();
        if (value.equalsIgnoreCase(OFF)) {
            return null;
        }
        boolean bracketed = value.startsWith("[");
        int close = bracketed ? value.indexOf(']') : -1;
        if (bracketed && (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':')) {
            throw new IllegalArgumentException("'" + text + "' is not [ADDRESS]:PORT (e.g. [::1]:9100)");
        }
        int colon = bracketed ? close + 1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. " + DEFAULT + ") or off");
        }
        String host = bracketed ? value.substring(1, close) : value.substring(0, colon);
        if (!bracketed && host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 address is written in brackets before its "
                    + "port, e.g. [::1]:9100");
        }
        String portText = value.substring(colon + 1);
        if (!portText.chars().allMatch(Character::isDigit) || portText.length() > 5
                || Integer.parseInt(portText) > 65_535) {
            throw new IllegalArgumentException("'" + text + "': the port must be 0-65535, not '" + portText + "'");
        }
        InetAddress address = bracketed ? ipv6(host, text) : ipv4(host, text);
        return new InetSocketAddress(address, Integer.parseInt(portText));
    }

    /** An address as {@link #parse} reads it back: {@code 127.0.0.1:9100}, {@code [::1]:9100}. */
    public static String format(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        if (host instanceof Inet6Address) {
            long[] halves = halves(host.getAddress());
            return "[" + Ipv6Address.format(halves[0], halves[1]) + "]:" + address.getPort();
        }
        return (host == null ? address.getHostString() : host.getHostAddress()) + ":" + address.getPort();
    }

    private static InetAddress ipv4(String host, String text) {
        if (host.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        int address;
        try {
            address = Ipv4Address.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IPv4 address or localhost "
                    + "(an IPv6 address goes in brackets: [::1]:9100)", e);
        }
        if (Ipv4Address.isMulticast(address) || Ipv4Address.isLimitedBroadcast(address)) {
            throw new IllegalArgumentException("'" + text + "': " + host + " is " + Ipv4Address.whyNoNodeHolds(address)
                    + ": the endpoint listens on an address of this host");
        }
        return byAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address}, text);
    }

    private static InetAddress ipv6(String host, String text) {
        if (host.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + text + "': a zone (%" + host.substring(host.indexOf('%') + 1)
                    + ") is not taken here: give a global or loopback address, or [::] for every interface");
        }
        long[] address;
        try {
            address = Ipv6Address.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
        if (Ipv6Address.isMulticast(address[0])) {
            throw new IllegalArgumentException("'" + text + "': " + host + " is a multicast address, a group rather "
                    + "than a node: the endpoint listens on an address of this host");
        }
        if (Ipv6Address.isIpv4Mapped(address[0], address[1])) {
            throw new IllegalArgumentException("'" + text + "': " + host + " is an IPv4-mapped address: write the "
                    + "IPv4 address, without brackets");
        }
        if (Ipv6Address.isLinkLocal(address[0])) {
            // Linux binds a link-local address only with its interface's scope, which this form has no place for.
            throw new IllegalArgumentException("'" + text + "': " + host + " is link-local, which is bound only "
                    + "together with its interface: give a global or loopback address, or [::] for every interface");
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (address[0] >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (address[1] >>> (56 - 8 * i));
        }
        return byAddress(bytes, text);
    }

    private static InetAddress byAddress(byte[] bytes, String text) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    private static long[] halves(byte[] bytes) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xFF);
            low = (low << 8) | (bytes[i + 8] & 0xFF);
        }
        return new long[] {high, low};
    }
}
