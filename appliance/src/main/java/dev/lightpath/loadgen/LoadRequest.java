package dev.lightpath.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One request the load generator sends, as configured: method, path, extra header lines, body, and its weight
 * in the mix. {@link #bytes} renders it once, at start.
 */
public record LoadRequest(String method, String path, List<String> headers, String body, int weight) {
    public LoadRequest {
        if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("method '" + method + "' is not an upper-case token");
        }
        if (path == null || !(path.startsWith("/") || path.equals("*"))) {
            throw new IllegalArgumentException("a request path starts with '/': " + path);
        }
        if (path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("path '" + path + "' has spaces or control characters: percent-encode them");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
        for (String header : headers) {
            if (header.indexOf(':') <= 0 || header.contains("\r") || header.contains("\n")) {
                throw new IllegalArgumentException("header '" + header + "' is not 'Name: value'");
            }
        }
        if (weight < 1) {
            throw new IllegalArgumentException("a request's weight is at least 1, not " + weight);
        }
    }

    public static LoadRequest get(String path) {
        return new LoadRequest("GET", path, List.of(), null, 1);
    }

    /** The same request for another path (a target that names its own). */
    public LoadRequest withPath(String otherPath) {
        return new LoadRequest(method, otherPath, headers, body, weight);
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The request on the wire, for {@code host}; {@code close} asks the server to close after answering. */
    public byte[] bytes(String host, boolean close) {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        boolean hasAgent = false;
        for (String header : headers) {
            String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            hasHost |= name.equals("host");
            hasAgent |= name.equals("user-agent");
        }
        if (!hasHost) {
            text.append("Host: ").append(host).append("\r\n");
        }
        if (!hasAgent) {
            text.append("User-Agent: lightpath-loadgen\r\n");
        }
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (content.length > 0 || method.equals("POST") || method.equals("PUT")) {
            text.append("Content-Length: ").append(content.length).append("\r\n");
        }
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + content.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }
}
