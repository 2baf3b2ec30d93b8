package dev.lightpath.control.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens, as given on the command line or in the configuration: {@code HOST:PORT}
 * with an IPv4 address or {@code localhost} (no name lookups: the management address is configuration, not
 * something to resolve), or {@code off}.
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
            throw new IllegalArgumentException("give the metrics address as HOST:PORT (e.g. " + DEFAULT + ") or off");
        }
        String value = text.trim();
        if (value.equalsIgnoreCase(OFF)) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. " + DEFAULT + ") or off");
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        if (!portText.chars().allMatch(Character::isDigit) || portText.length() > 5
                || Integer.parseInt(portText) > 65_535) {
            throw new IllegalArgumentException("'" + text + "': the port must be 0-65535, not '" + portText + "'");
        }
        return new InetSocketAddress(address(host, text), Integer.parseInt(portText));
    }

    private static InetAddress address(String host, String text) {
        if (host.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        String[] parts = host.split("\\.", -1);
        byte[] bytes = new byte[4];
        boolean valid = parts.length == 4;
        for (int i = 0; valid && i < 4; i++) {
            String part = parts[i];
            valid = !part.isEmpty() && part.length() <= 3 && part.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(part) <= 255;
            if (valid) {
                bytes[i] = (byte) Integer.parseInt(part);
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IPv4 address or localhost");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }
}
