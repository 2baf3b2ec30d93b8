package dev.lightpath.http;

import java.nio.charset.StandardCharsets;

/** Status codes this server sends, with their reason phrases (RFC 9110 section 15) and status lines ready to copy. */
public final class HttpStatus {
    private static final byte[][] LINES = new byte[600][];

    static {
        reason(100, "Continue");
        reason(200, "OK");
        reason(202, "Accepted");
        reason(204, "No Content");
        reason(206, "Partial Content");
        reason(301, "Moved Permanently");
        reason(302, "Found");
        reason(303, "See Other");
        reason(304, "Not Modified");
        reason(307, "Temporary Redirect");
        reason(308, "Permanent Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(408, "Request Timeout");
        reason(411, "Length Required");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(416, "Range Not Satisfiable");
        reason(417, "Expectation Failed");
        reason(429, "Too Many Requests");
        reason(431, "Request Header Fields Too Large");
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(502, "Bad Gateway");
        reason(503, "Service Unavailable");
        reason(504, "Gateway Timeout");
        reason(505, "HTTP Version Not Supported");
    }

    private HttpStatus() {
    }

    private static void reason(int status, String phrase) {
        LINES[status] = ("HTTP/1.1 " + status + " " + phrase + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether this server knows how to send {@code status}. */
    public static boolean known(int status) {
        return status >= 100 && status < LINES.length && LINES[status] != null;
    }

    /** "HTTP/1.1 404 Not Found\r\n". */
    public static byte[] line(int status) {
        if (!known(status)) {
            throw new IllegalArgumentException("unsupported status " + status);
        }
        return LINES[status];
    }

    public static String reason(int status) {
        byte[] line = line(status);
        return new String(line, 13, line.length - 15, StandardCharsets.US_ASCII);
    }

    /** Statuses that never carry content (RFC 9110 sections 6.4.1, 15.3.5, 15.4.5). */
    public static boolean bodiless(int status) {
        return status < 200 || status == 204 || status == 304;
    }
}
