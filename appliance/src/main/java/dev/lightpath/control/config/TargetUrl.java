package dev.lightpath.control.config;

import dev.lightpath.wire.Ipv4Address;

/**
 * An http:// URL whose host is an IPv4 address (the engine has no resolver): address, port (80 by default),
 * the Host value and the path with its query.
 */
public record TargetUrl(int address, int port, String host, String path) {
    public static TargetUrl parse(String url) {
        if (url == null || !url.startsWith("http://")) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// URL (https is not spoken)");
        }
        String rest = url.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int colon = authority.lastIndexOf(':');
        String hostPart = colon < 0 ? authority : authority.substring(0, colon);
        int port = 80;
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
        int address;
        try {
            address = Ipv4Address.parse(hostPart);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "': the host must be an IPv4 address (no DNS here)");
        }
        return new TargetUrl(address, port, authority, path);
    }
}
