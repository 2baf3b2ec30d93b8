package dev.lightpath.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile raw requests built to make two HTTP parsers disagree on where a request ends: Content-Length with
 * Transfer-Encoding, duplicate and malformed lengths, disguised codings, obs-fold, chunk sizes that overflow or
 * are not hex, bare LF and bare CR in heads and chunk lines, requests pipelined behind a body, a chunk
 * extension longer than the server's bound. Every URI is unique to its case. Each case also says which
 * requests nginx 1.22 takes from the same bytes (as its access log showed, proxying to this server): the
 * reference the server's own boundaries are held to, here in memory and in {@code SmugglingDifferentialEndToEndTest}
 * against a live nginx.
 */
public final class SmugglingCases {
    private static final String HOST = "Host: a\r\n";

    /** One input: its name, its bytes (ISO-8859-1), and the requests ("METHOD target") nginx takes from it. */
    public record Case(String name, String bytes, List<String> nginxTakes) {
    }

    private static final Map<String, List<String>> NGINX_TAKES = Map.ofEntries(
        Map.entry("c08-te-upper", List.of("POST /c08", "GET /c08-next")),
        Map.entry("c09-te-trailing-space", List.of("POST /c09", "GET /c09-next")),
        Map.entry("c18-bare-lf-head", List.of("GET /c18", "GET /c18-next")),
        Map.entry("c19-bare-lf-chunk-lines", List.of("POST /c19", "GET /c19-next")),
        Map.entry("c20-bare-lf-chunk-data-end", List.of("POST /c20", "GET /c20-next")),
        Map.entry("c24-pipelined-after-body", List.of("POST /c24", "GET /c24-second", "POST /c24-third", "GET /c24-fourth")),
        Map.entry("c27-long-chunk-extension", List.of("POST /c27", "GET /c27-next")),
        Map.entry("c30-trailer-content-length", List.of("POST /c30", "GET /c30-next")),
        Map.entry("c31-cl-leading-zeros", List.of("POST /c31", "GET /c31-next"))
    );

    private SmugglingCases() {
    }

    /** Every case, in name order. */
    public static List<Case> all() {
        List<Case> c = new java.util.ArrayList<>();
        String te = "Transfer-Encoding: chunked\r\n";
        String next = "GET /%s-next HTTP/1.1\r\n" + HOST + "\r\n";
        add(c, "c01-cl-te", "POST /c01 HTTP/1.1\r\n" + HOST + "Content-Length: 6\r\n" + te + "\r\n0\r\n\r\n"
                + "GET /c01-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c02-te-cl", "POST /c02 HTTP/1.1\r\n" + HOST + te + "Content-Length: 4\r\n\r\n"
                + "5c\r\nGET /c02-smuggled HTTP/1.1\r\n" + HOST + "Content-Length: 15\r\n\r\nx=1\r\n0\r\n\r\n");
        add(c, "c03-duplicate-cl", "POST /c03 HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\nContent-Length: 41\r\n\r\n"
                + "GET /c03-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c04-cl-list", "POST /c04 HTTP/1.1\r\n" + HOST + "Content-Length: 5, 5\r\n\r\nhello" + next.formatted("c04"));
        add(c, "c05-cl-plus", "POST /c05 HTTP/1.1\r\n" + HOST + "Content-Length: +5\r\n\r\nhello" + next.formatted("c05"));
        add(c, "c06-te-space-before-colon", "POST /c06 HTTP/1.1\r\n" + HOST + "Transfer-Encoding : chunked\r\n"
                + "Content-Length: 5\r\n\r\n0\r\n\r\nGET /c06-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c07-te-tab", "POST /c07 HTTP/1.1\r\n" + HOST + "Transfer-Encoding:\tchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + next.formatted("c07"));
        add(c, "c08-te-upper", "POST /c08 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + next.formatted("c08"));
        add(c, "c09-te-trailing-space", "POST /c09 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked \r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n" + next.formatted("c09"));
        add(c, "c10-te-gzip-chunked", "POST /c10 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /c10-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c11-te-chunked-identity", "POST /c11 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /c11-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c12-te-twice", "POST /c12 HTTP/1.1\r\n" + HOST + te + "Transfer-Encoding: identity\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /c12-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c13-obs-fold-te", "POST /c13 HTTP/1.1\r\n" + HOST + "Transfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\n"
                + "0\r\n\r\nGET /c13-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c14-obs-fold-other", "GET /c14 HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n b\r\n\r\n" + next.formatted("c14"));
        add(c, "c15-chunk-size-overflow", "POST /c15 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "10000000000000005\r\nhello\r\n0\r\n\r\nGET /c15-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c16-chunk-size-garbage", "POST /c16 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "5g\r\nhello\r\n0\r\n\r\nGET /c16-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c17-chunk-size-0x", "POST /c17 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "0x5\r\nhello\r\n0\r\n\r\nGET /c17-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c18-bare-lf-head", "GET /c18 HTTP/1.1\n" + "Host: a\n\n" + "GET /c18-next HTTP/1.1\nHost: a\n\n");
        add(c, "c19-bare-lf-chunk-lines", "POST /c19 HTTP/1.1\r\n" + HOST + te + "\r\n5\nhello\n0\n\n"
                + next.formatted("c19"));
        add(c, "c20-bare-lf-chunk-data-end", "POST /c20 HTTP/1.1\r\n" + HOST + te + "\r\n5\r\nhello\n0\r\n\r\n"
                + next.formatted("c20"));
        add(c, "c21-bare-cr-head", "GET /c21 HTTP/1.1\r" + "Host: a\r\n\r\nGET /c21-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c22-bare-cr-field", "GET /c22 HTTP/1.1\r\n" + HOST + "X-A: 1\rGET /c22-smuggled HTTP/1.1\r\n\r\n");
        add(c, "c23-bare-cr-chunk-line", "POST /c23 HTTP/1.1\r\n" + HOST + te + "\r\n5\rhello\r\n0\r\n\r\n"
                + "GET /c23-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c24-pipelined-after-body", "POST /c24 HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello"
                + "GET /c24-second HTTP/1.1\r\n" + HOST + "\r\n" + "POST /c24-third HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "3;ext=\"q\"\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n" + "GET /c24-fourth HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c25-lf-inside-quoted-extension", "POST /c25 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "5;a=\"x\r\nGET /c25-smuggled HTTP/1.1\r\n\r\n\"\r\nhello\r\n0\r\n\r\n" + next.formatted("c25"));
        add(c, "c26-http10-chunked", "POST /c26 HTTP/1.0\r\n" + HOST + te + "Content-Length: 5\r\n\r\n"
                + "0\r\n\r\nGET /c26-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c27-long-chunk-extension", "POST /c27 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "5;" + "e".repeat(5000) + "\r\nhello\r\n0\r\n\r\n" + next.formatted("c27"));
        add(c, "c28-nul-in-field", "GET /c28 HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\nGET /c28-smuggled HTTP/1.1\r\n"
                + HOST + "\r\n");
        add(c, "c29-space-in-target", "GET /c29 x HTTP/1.1\r\n" + HOST + "\r\nGET /c29-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c30-trailer-content-length", "POST /c30 HTTP/1.1\r\n" + HOST + te + "\r\n"
                + "5\r\nhello\r\n0\r\nContent-Length: 50\r\n\r\n" + next.formatted("c30"));
        add(c, "c31-cl-leading-zeros", "POST /c31 HTTP/1.1\r\n" + HOST + "Content-Length: 005\r\n\r\nhello"
                + next.formatted("c31"));
        add(c, "c32-te-vertical-tab", "POST /c32 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: \u000bchunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /c32-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        add(c, "c33-duplicate-host", "GET /c33 HTTP/1.1\r\n" + HOST + "Host: b\r\n\r\nGET /c33-smuggled HTTP/1.1\r\n"
                + HOST + "\r\n");
        add(c, "c34-te-tab-after-value", "POST /c34 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\t\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\nGET /c34-smuggled HTTP/1.1\r\n" + HOST + "\r\n");
        return c;
    }

    /** The cases' bytes by name. */
    public static Map<String, String> bytesByName() {
        Map<String, String> bytes = new LinkedHashMap<>();
        for (Case c : all()) {
            bytes.put(c.name(), c.bytes());
        }
        return bytes;
    }

    /**
     * Whether an answer refuses the request's framing or syntax (its head or its body): such a request was not
     * taken, even when its head was read far enough for the log to name it.
     */
    public static boolean refused(int status) {
        return status == 400 || status == 411 || status == 413 || status == 414 || status == 431 || status == 501
                || status == 505;
    }

    private static void add(List<Case> cases, String name, String bytes) {
        cases.add(new Case(name, bytes, NGINX_TAKES.getOrDefault(name, List.of())));
    }
}
