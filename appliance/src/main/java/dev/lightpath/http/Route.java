package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the server does for requests to a path: serve files, redirect, answer a fixed response, take a body, or
 * report health. Built at start from the configuration, then only read. A path ending in '/' is a prefix
 * ("/static/" takes "/static/a.css"); any other path matches exactly. Any route may require basic credentials.
 */
public final class Route {
    public enum Kind { STATIC, REDIRECT, FIXED, SINK, HEALTH }

    final String path;
    final byte[] pathBytes;
    final boolean prefix;
    final Kind kind;
    final int status;
    final StaticContent content;
    /** Header lines added to every response of this route (Location, Content-Type, configured ones). */
    final byte[] headers;
    final byte[] body;
    /** The body in native memory, for TCP to send by reference for as long as the route exists. */
    final long bodyAddress;
    private final java.lang.foreign.MemorySegment bodyMemory;
    final long delayNanos;
    /** Methods answered, as {@link HttpMethod#bit} flags; others get 405 with this list in Allow. */
    final int methods;
    final byte[] allowHeader;
    /** "Basic ..." credentials required, or null. */
    final byte[] credentials;
    final byte[] challengeHeader;

    private Route(String path, Kind kind, int status, StaticContent content, byte[] headers, byte[] body,
                  long delayNanos, int methods, String user, String password, String realm) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + path);
        }
        this.path = path;
        this.pathBytes = path.getBytes(StandardCharsets.UTF_8);
        this.prefix = path.endsWith("/");
        this.kind = Objects.requireNonNull(kind);
        this.status = status;
        this.content = content;
        this.headers = headers;
        this.body = body;
        this.bodyMemory = NativeBytes.of(body == null ? new byte[0] : body);
        this.bodyAddress = bodyMemory.address();
        this.delayNanos = delayNanos;
        this.methods = methods | HttpMethod.bit(HttpMethod.OPTIONS);
        this.allowHeader = ("Allow: " + HttpMethod.allowList(this.methods) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            this.credentials = ("Basic " + token).getBytes(StandardCharsets.US_ASCII);
            this.challengeHeader = ("WWW-Authenticate: Basic realm=\"" + realm + "\", charset=\"UTF-8\"\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } else {
            this.credentials = null;
            this.challengeHeader = null;
        }
    }

    private static final int READ = HttpMethod.bit(HttpMethod.GET) | HttpMethod.bit(HttpMethod.HEAD);

    /** Serves the files of {@code content} under {@code path}. */
    public static Route files(String path, StaticContent content) {
        return new Route(path, Kind.STATIC, 200, content, new byte[0], null, 0, READ, null, null, null);
    }

    /** Redirects to {@code location} with 301, 302, 303, 307 or 308. */
    public static Route redirect(String path, String location, int status) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("a redirect's status is 301, 302, 303, 307 or 308, not " + status);
        }
        byte[] headers = ("Location: " + location + "\r\n").getBytes(StandardCharsets.UTF_8);
        int methods = READ | HttpMethod.bit(HttpMethod.POST) | HttpMethod.bit(HttpMethod.PUT)
                | HttpMethod.bit(HttpMethod.DELETE) | HttpMethod.bit(HttpMethod.PATCH);
        return new Route(path, Kind.REDIRECT, status, null, headers, new byte[0], 0, methods, null, null, null);
    }

    /** Answers every request with the same status, headers and body, after {@code delayNanos} if not 0. */
    public static Route fixed(String path, int status, String contentType, String body, Map<String, String> headers,
                              long delayNanos) {
        if (!HttpStatus.known(status) || status < 200) {
            throw new IllegalArgumentException("a fixed response's status must be a final status this server knows: " + status);
        }
        StringBuilder lines = new StringBuilder();
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (!HttpStatus.bodiless(status)) {
            lines.append("Content-Type: ").append(contentType == null ? "text/plain; charset=utf-8" : contentType).append("\r\n");
        } else {
            content = new byte[0];
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            checkHeader(h.getKey(), h.getValue());
            lines.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return new Route(path, Kind.FIXED, status, null, lines.toString().getBytes(StandardCharsets.UTF_8), content,
                delayNanos, READ, null, null, null);
    }

    /** Accepts POST and PUT bodies, counts and discards them, and answers 202 or 204. */
    public static Route sink(String path, int status) {
        if (status != 202 && status != 204 && status != 200) {
            throw new IllegalArgumentException("a sink answers 200, 202 or 204, not " + status);
        }
        int methods = HttpMethod.bit(HttpMethod.POST) | HttpMethod.bit(HttpMethod.PUT);
        byte[] headers = status == 204 ? new byte[0] : "Content-Type: text/plain; charset=utf-8\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = status == 204 ? new byte[0] : "accepted\n".getBytes(StandardCharsets.US_ASCII);
        return new Route(path, Kind.SINK, status, null, headers, body, 0, methods, null, null, null);
    }

    /** Answers 200 "ok" while the engine runs. */
    public static Route health(String path) {
        byte[] headers = "Content-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n".getBytes(StandardCharsets.US_ASCII);
        return new Route(path, Kind.HEALTH, 200, null, headers, "ok\n".getBytes(StandardCharsets.US_ASCII), 0, READ, null, null, null);
    }

    /** This route, answering only requests that carry the given basic credentials (401 otherwise). */
    public Route withBasicAuth(String user, String password, String realm) {
        if (user == null || user.isEmpty() || user.contains(":") || password == null) {
            throw new IllegalArgumentException("basic auth needs a user without ':' and a password");
        }
        return new Route(path, kind, status, content, headers, body, delayNanos, methods & ~HttpMethod.bit(HttpMethod.OPTIONS),
                user, password, realm == null ? "lightpath" : realm);
    }

    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** The files a static route serves; null for other kinds. */
    public StaticContent content() {
        return content;
    }

    public int status() {
        return status;
    }

    public long delayNanos() {
        return delayNanos;
    }

    public boolean protectedByAuth() {
        return credentials != null;
    }

    /** Whether this route takes the normalised path {@code path[0..length)}. */
    boolean matches(byte[] path, int length) {
        if (prefix) {
            return length >= pathBytes.length && java.util.Arrays.equals(pathBytes, 0, pathBytes.length, path, 0, pathBytes.length)
                    || length == pathBytes.length - 1 && java.util.Arrays.equals(pathBytes, 0, length, path, 0, length);
        }
        return length == pathBytes.length && java.util.Arrays.equals(pathBytes, 0, length, path, 0, length);
    }

    private static void checkHeader(String name, String value) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                throw new IllegalArgumentException("header name " + name + " has a character outside a token");
            }
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " has a line break in its value");
        }
        if (List.of("content-length", "transfer-encoding", "connection", "date", "server").contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is set by the server itself");
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + path + (credentials != null ? " (basic auth)" : "");
    }

    /**
     * Whether {@code request} may use this route: always without credentials, else when its Authorization field
     * is exactly the credentials, compared in time that does not depend on where they differ.
     */
    boolean admits(HttpRequest request) {
        if (credentials == null) {
            return true;
        }
        int field = request.authorization();
        if (field == HttpRequest.ABSENT || request.valueLength(field) != credentials.length) {
            return false;
        }
        long value = request.valueAddress(field);
        int differences = 0;
        for (int i = 0; i < credentials.length; i++) {
            differences |= NativeMemory.getByte(value + i) ^ credentials[i];
        }
        return differences == 0;
    }
}
