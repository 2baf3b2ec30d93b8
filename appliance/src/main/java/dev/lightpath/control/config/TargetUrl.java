package dev.lightpath.control.config;

import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

/**
 * An http:// or https:// URL whose host is an IPv4 address or a bracketed IPv6 literal (the engine has no
 * resolver): address, port (80, or 443 for https, by default), the Host value (the authority as written, brackets
 * and all) and the path with its query.
 */
public record TargetUrl(int address, int port, String host, String path, boolean ipv6, long addressHigh,
                        long addressLow, boolean https) {
    /** An IPv4 target over plain HTTP. */
    public TargetUrl(int address, int port, String host, String path) {
        this(address, port, host, path, false, 0, 0, false);
    }

    /** True for an https:// URL (with or without a weight). */
    public static boolean isHttps(String url) {
        return url != null && url.startsWith("https://");
    }

    /**
     * A load target written "URL" or "URL@WEIGHT" (a trailing '@' and digits: the target's share of the
     * connections, 1 by default). {@code ownPath}: the target asks its URL's path rather than the request mix's.
     */
    public static LoadTarget target(String text, boolean ownPath) {
        int at = text == null ? -1 : text.lastIndexOf('@');
        int weight = 1;
        String url = text;
        if (at > 0 && at < text.length() - 1 && text.substring(at + 1).chars().allMatch(Character::isDigit)) {
            url = text.substring(0, at);
            try {
                weight = Integer.parseInt(text.substring(at + 1));
            } catch (NumberFormatException e) {
                weight = 0;
            }
            if (weight < 1 || weight > 1_000_000) {
                throw new IllegalArgumentException("'" + text + "': a weight is 1..1000000");
            }
        }
        TargetUrl parsed = parse(url);
        String path = ownPath ? parsed.path() : null;
        return parsed.ipv6()
                ? LoadTarget.ipv6(parsed.addressHigh(), parsed.addressLow(), parsed.port(), parsed.host(), path, weight)
                : new LoadTarget(parsed.address(), parsed.port(), parsed.host(), path, weight);
    }

    /** The host as an address, without brackets ("198.18.0.1", "2001:db8::1"): what a certificate may name. */
    public String addressText() {
        return ipv6 ? host.substring(1, host.indexOf(']')) : host.contains(":") ? host.substring(0, host.indexOf(':'))
                : host;
    }

    public static TargetUrl parse(String url) {
        boolean https = isHttps(url);
        if (url == null || !url.startsWith("http://") && !https) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL");
        }
        String rest = url.substring(https ? 8 : 7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
        if (authority.startsWith("[") && (close < 0 || (close + 1 < authority.length() && authority.charAt(close + 1) != ':'))) {
            throw new IllegalArgumentException("'" + url + "': an IPv6 host is written [ADDRESS] or [ADDRESS]:PORT");
        }
        if (close < 0 && authority.indexOf(':') != authority.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + url + "': an IPv6 host is written in brackets, [ADDRESS]:PORT");
        }
        int colon = authority.indexOf(':', Math.max(close, 0));
        String hostPart = close > 0 ? authority.substring(1, close) : colon < 0 ? authority : authority.substring(0, colon);
        int port = https ? 443 : 80;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + url + "' has a port that is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + url + "': port " + port + " is not 1-65535");
            }
        }
        if (close > 0) {
            long[] address = ipv6Host(url, hostPart);
            return new TargetUrl(0, port, authority, path, true, address[0], address[1], https);
        }
        return new TargetUrl(ipv4Host(url, hostPart), port, authority, path, false, 0, 0, https);
    }

    /** A bracketed host's address, refused when no server could hold it. */
    private static long[] ipv6Host(String url, String hostPart) {
        long[] address;
        try {
            address = Ipv6Address.parse(hostPart);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "': " + e.getMessage());
        }
        if (Ipv6Address.isUnspecified(address[0], address[1]) || Ipv6Address.isMulticast(address[0])
                || Ipv6Address.isLoopback(address[0], address[1])) {
            throw new IllegalArgumentException("'" + url + "': " + hostPart
                    + " is not an address a server holds (unspecified, multicast or loopback)");
        }
        if (Ipv6Address.isIpv4Mapped(address[0], address[1])) {
            throw new IllegalArgumentException("'" + url + "': " + hostPart
                    + " is an IPv4-mapped address: write the IPv4 address, without brackets");
        }
        return address;
    }

    /** An unbracketed host's IPv4 address, refused when no server could hold it. */
    private static int ipv4Host(String url, String hostPart) {
        int address;
        try {
            address = Ipv4Address.parse(hostPart);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "': the host must be an IPv4 address or a bracketed IPv6 "
                    + "one (no DNS here)");
        }
        String why = Ipv4Address.whyNoNodeHolds(address);
        if (why != null) {
            throw new IllegalArgumentException("'" + url + "': " + hostPart + " is not an address a server holds: it "
                    + "is " + why);
        }
        return address;
    }
}
