package dev.lightpath.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks, independently of the server's code, that what it sent on a connection is a sequence of well-formed
 * HTTP/1.1 responses: each head a status line and fields ending in an empty line, Content-Length present
 * exactly when the status allows a body, and the body that follows exactly that long (or absent, as for
 * HEAD). Uses the stream's record of send calls: a head is always copied, a body always referenced.
 */
final class ResponseChecker {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 [1-5][0-9][0-9] [\\x20-\\x7e]+");
    private static final Pattern FIELD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: [\\x20-\\x7e]*");

    private ResponseChecker() {
    }

    /** The status codes of the responses, in order; throws AssertionError on anything malformed. */
    static List<Integer> check(List<RecordingStream.Piece> pieces) {
        List<Integer> statuses = new ArrayList<>();
        int i = 0;
        while (i < pieces.size()) {
            RecordingStream.Piece piece = pieces.get(i++);
            if (!piece.copied()) {
                throw new AssertionError("a body with no head before it");
            }
            String head = new String(piece.bytes(), StandardCharsets.ISO_8859_1);
            if (!head.endsWith("\r\n\r\n") || head.indexOf("\r\n\r\n") != head.length() - 4) {
                throw new AssertionError("a head must be sent whole and end at its empty line: " + head);
            }
            String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
            if (!STATUS_LINE.matcher(lines[0]).matches()) {
                throw new AssertionError("bad status line: " + lines[0]);
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            long contentLength = -1;
            Set<String> names = new HashSet<>();
            for (int l = 1; l < lines.length; l++) {
                if (!FIELD.matcher(lines[l]).matches()) {
                    throw new AssertionError("bad field line: " + lines[l]);
                }
                String name = lines[l].substring(0, lines[l].indexOf(':')).toLowerCase(Locale.ROOT);
                if (!names.add(name)) {
                    throw new AssertionError("field sent twice: " + name);
                }
                if (name.equals("content-length")) {
                    String value = lines[l].substring(16);
                    if (!value.matches("0|[1-9][0-9]{0,17}")) {
                        throw new AssertionError("bad Content-Length: " + value);
                    }
                    contentLength = Long.parseLong(value);
                }
            }
            boolean bodiless = status < 200 || status == 204 || status == 304;
            if (bodiless == (contentLength >= 0)) {
                throw new AssertionError(status + (bodiless ? " must not" : " must") + " carry Content-Length");
            }
            long body = 0;
            while (i < pieces.size() && !pieces.get(i).copied()) {
                body += pieces.get(i++).bytes().length;
            }
            if (body != 0 && body != contentLength) {
                throw new AssertionError(status + ": Content-Length " + contentLength + " but a body of " + body);
            }
            if (status == 100 && lines.length != 1) {
                throw new AssertionError("100 Continue carries no fields");
            }
            statuses.add(status);
        }
        return statuses;
    }
}
