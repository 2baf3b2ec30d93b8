package dev.lightpath.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits what a server sent into responses, independently of the server's code, for assertions. */
final class Responses {
    record Response(int status, Map<String, String> headers, byte[] body, String head) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** Parses consecutive responses; {@code headRequests} tells which ones answer HEAD (no body follows). */
    static List<Response> parse(byte[] bytes, boolean... headRequests) {
        List<Response> responses = new ArrayList<>();
        int p = 0;
        while (p < bytes.length) {
            int end = indexOf(bytes, p, "\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("incomplete response head: " + new String(bytes, p, bytes.length - p, StandardCharsets.ISO_8859_1));
            }
            String head = new String(bytes, p, end - p, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            if (!lines[0].matches("HTTP/1\\.1 \\d{3} .+")) {
                throw new AssertionError("bad status line: " + lines[0]);
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
                if (headers.containsKey(name)) {
                    throw new AssertionError("duplicate header " + name);
                }
                headers.put(name, lines[i].substring(colon + 1).trim());
            }
            p = end + 4;
            boolean head_ = responses.size() < headRequests.length && headRequests[responses.size()];
            int length = headers.containsKey("content-length") && !head_ && status != 304 && status >= 200
                    ? Integer.parseInt(headers.get("content-length")) : 0;
            if (p + length > bytes.length) {
                throw new AssertionError("body shorter than Content-Length " + length);
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, p, p + length);
            p += length;
            responses.add(new Response(status, headers, body, head));
        }
        return responses;
    }

    private static int indexOf(byte[] bytes, int from, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + n.length <= bytes.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (bytes[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
