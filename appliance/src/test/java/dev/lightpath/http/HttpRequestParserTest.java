package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HttpRequestParserTest {
    /** The request picohttpparser's bench.c parses: a browser's GET with nine fields and a long cookie, 703 bytes. */
    static final String BROWSER_REQUEST = "GET /wp-content/uploads/2010/03/hello-kitty-darth-vader-pink.jpg HTTP/1.1\r\n"
            + "Host: www.kittyhell.com\r\n"
            + "User-Agent: Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; ja-JP-mac; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3 "
            + "Pathtraq/0.9\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: ja,en-us;q=0.7,en;q=0.3\r\n"
            + "Accept-Encoding: gzip,deflate\r\n"
            + "Accept-Charset: Shift_JIS,utf-8;q=0.7,*;q=0.7\r\n"
            + "Keep-Alive: 115\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: wp_ozh_wsa_visits=2; wp_ozh_wsa_visit_lasttime=xxxxxxxxxx; "
            + "__utma=xxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.x; "
            + "__utmz=xxxxxxxxx.xxxxxxxxxx.x.x.utmccn=(referral)|utmcsr=reader.livedoor.com|utmcct=/reader/|utmcmd=referral\r\n"
            + "\r\n";

    final Arena arena = Arena.ofConfined();
    final HttpRequestParser parser = new HttpRequestParser(8192, 16384);
    final HttpRequest request = new HttpRequest(100);

    @AfterEach
    void close() {
        arena.close();
    }

    long put(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(Math.max(1, bytes.length)), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        return address;
    }

    int parse(String text) {
        return parser.parse(put(text), text.length(), request);
    }

    @Test
    void parsesTheBrowserRequestInPlace() {
        assertEquals(BROWSER_REQUEST.length(), parse(BROWSER_REQUEST));
        assertEquals(703, BROWSER_REQUEST.length());
        assertEquals(HttpMethod.GET, request.method());
        assertEquals("/wp-content/uploads/2010/03/hello-kitty-darth-vader-pink.jpg", request.target());
        assertEquals(11, request.version());
        assertEquals(9, request.fieldCount(), "nine fields after the request line");
        assertEquals("Host", request.name(0));
        assertEquals("www.kittyhell.com", request.value(request.host()));
        assertEquals("Keep-Alive", request.name(6));
        assertEquals("115", request.value(6));
        assertTrue(request.keepAlive());
        assertEquals(HttpRequest.ABSENT, request.contentLength());
    }

    @Test
    void everyPrefixIsIncompleteAndTheWholeParsesTheSame() {
        long address = put(BROWSER_REQUEST);
        for (int n = 0; n < BROWSER_REQUEST.length(); n++) {
            assertEquals(HttpRequestParser.INCOMPLETE, parser.parse(address, n, request), "prefix of " + n);
            assertEquals(HttpRequestParser.INCOMPLETE, HttpRequestParser.findHeadEnd(address, n, Math.max(0, n - 1)));
        }
        assertEquals(BROWSER_REQUEST.length(), HttpRequestParser.findHeadEnd(address, BROWSER_REQUEST.length(), 700));
    }

    @Test
    void findsTheEndOfHeadsWithBareLineFeeds() {
        String text = "GET / HTTP/1.1\nHost: a\n\nGET";
        assertEquals(24, HttpRequestParser.findHeadEnd(put(text), text.length(), 0));
        assertEquals(24, parse(text));
        assertEquals("a", request.value(request.host()));
    }

    @Test
    void framingAndConnectionFields() {
        assertTrue(parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 42\r\nConnection: close\r\n\r\n") > 0);
        assertEquals(42, request.contentLength());
        assertFalse(request.keepAlive());
        assertTrue(parse("POST /a HTTP/1.1\r\nHost: x\r\ntransfer-encoding: Chunked\r\nExpect: 100-Continue\r\n\r\n") > 0);
        assertTrue(request.chunked());
        assertTrue(request.expectContinue());
        assertTrue(parse("GET / HTTP/1.0\r\n\r\n") > 0);
        assertEquals(10, request.version());
        assertFalse(request.keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") > 0);
        assertTrue(request.keepAlive());
        assertTrue(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade, close\r\n\r\n") > 0);
        assertFalse(request.keepAlive());
        assertTrue(parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n") > 0);
        assertEquals(11, request.version(), "a later 1.x minor is answered as 1.1");
        assertTrue(parse("GET / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Pad: \t value \t\r\n\r\n") > 0);
        assertEquals("", request.value(1));
        assertEquals("value", request.value(2));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\n folded\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\n Host: x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\rHost: x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\ry\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1,1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0x10\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
        "GET / HTTP/2.0\\r\\n\\r\\n | 505",
        "GET / HTTP/0.9\\r\\n\\r\\n | 505",
        "GET / HTTP/1.x\\r\\n\\r\\n | 400",
        "GET / HTTQ/1.1\\r\\n\\r\\n | 400",
        "GET  / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1 \\r\\nHost: x\\r\\n\\r\\n | 400",
        "GET /a b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400",
        "G@T / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400",
        "BREW / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 501",
        "get / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 501",
        "GET / HTTP/1.1\\r\\nHo\\tst: x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\n: x\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\u0001\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: x\\u007f\\r\\n\\r\\n | 400",
        "\\r\\nGET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400",
    })
    void malformedRequestsAreRejected(String escaped, int status) {
        String text = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\u0001", "\u0001").replace("\\u007f", "\u007f");
        assertEquals(-status, parse(text));
        // Again with a long field after it, so that every line is followed by enough bytes for the vector
        // fast path to look at it.
        String padded = text.substring(0, text.length() - 2) + "X-Filler: " + "f".repeat(70) + "\r\n\r\n";
        assertEquals(-status, parse(padded), padded);
    }

    @Test
    void limitsGive414And431() {
        String longTarget = "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        assertEquals(HttpRequestParser.URI_TOO_LONG, parse(longTarget));
        assertEquals(HttpRequestParser.URI_TOO_LONG, parser.limitError(put(longTarget), 8500), "still incomplete but already too long");
        StringBuilder fields = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        while (fields.length() < 17000) {
            fields.append("X-Filler: ").append("b".repeat(100)).append("\r\n");
        }
        String big = fields + "\r\n";
        assertEquals(HttpRequestParser.HEADERS_TOO_LARGE, parse(big));
        assertEquals(HttpRequestParser.HEADERS_TOO_LARGE, parser.limitError(put(big), 16384));
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 100; i++) {
            many.append("X-").append(i).append(": y\r\n");
        }
        assertEquals(HttpRequestParser.HEADERS_TOO_LARGE, parse(many + "\r\n"), "more fields than the limit");
        assertEquals(HttpRequestParser.INCOMPLETE, parser.limitError(put("GET / HTTP/1.1\r\nHost"), 20));
    }

    /**
     * Random field sections, of lines in the common shape and of every odd one (tabs, control characters,
     * obs-text, '_' in names, spaces before the colon, bare CR or LF, folds), whole and cut short, parse as
     * a byte-by-byte reading of the grammar says: the same fields at the same places, or the same answer.
     */
    @Test
    void fieldSectionsParseAsTheGrammarSays() {
        fieldSectionsParseAsTheGrammarSays(parser, request, NativeRegions.register(arena.allocate(8192), "test memory").address(), 20_000);
    }

    /** The check above, also run by {@link ParserWithoutVectorApiTest} in a JVM without the Vector API. */
    static void fieldSectionsParseAsTheGrammarSays(HttpRequestParser parser, HttpRequest request, long address, int heads) {
        Random random = new Random(11);
        String[] nameParts = {"X-", "Accept", "Abc", "a-b-c", "Z9", "x_y", "a.b", "!#$%&'*+^`|~", "bad name", "b@d", ""};
        String[] valueParts = {"v", "text/html,application/xhtml+xml", " ", "  ", "\t", "\u00e9\u00ff", "x".repeat(40),
            "a=1; b=2", "\u007f", "\u0001", "\r", "(q=0.9)", "\"quoted\"", "\u0080"};
        String[] lineEnds = {"\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\n "};
        for (int i = 0; i < heads; i++) {
            StringBuilder head = new StringBuilder("GET / HTTP/1.0\r\n");
            int lines = random.nextInt(8);
            for (int l = 0; l < lines; l++) {
                int parts = 1 + random.nextInt(3);
                for (int k = 0; k < parts; k++) {
                    head.append(nameParts[random.nextInt(nameParts.length)]);
                }
                head.append(random.nextInt(12) == 0 ? " :" : ":");
                parts = random.nextInt(5);
                for (int k = 0; k < parts; k++) {
                    head.append(valueParts[random.nextInt(valueParts.length)]);
                }
                head.append(lineEnds[random.nextInt(lineEnds.length)]);
            }
            head.append(random.nextInt(4) == 0 ? "\n" : "\r\n");
            byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            NativeMemory.copy(bytes, 0, address, bytes.length);
            int whole = bytes.length;
            int cut = random.nextInt(whole + 1);
            for (int length : new int[] {whole, cut}) {
                java.util.List<int[]> expected = new java.util.ArrayList<>();
                int reference = referenceFieldSection(bytes, length, "GET / HTTP/1.0\r\n".length(), expected);
                int result = parser.parse(address, length, request);
                String context = head.toString().substring(0, length).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
                assertEquals(reference, result, context);
                if (reference > 0) {
                    assertEquals(expected.size(), request.fieldCount(), context);
                    for (int f = 0; f < expected.size(); f++) {
                        int[] field = expected.get(f);
                        assertEquals(field[0], request.nameAddress(f) - address, context);
                        assertEquals(field[1], request.nameLength(f), context);
                        assertEquals(field[2], request.valueAddress(f) - address, context);
                        assertEquals(field[3], request.valueLength(f), context);
                    }
                }
            }
        }
    }

    /**
     * RFC 9112's field lines read a byte at a time, straight from the grammar: the head's length, 0 while it
     * is incomplete, or BAD_REQUEST. Each field found is {name offset, name length, value offset, value length}.
     */
    static int referenceFieldSection(byte[] b, int n, int i, java.util.List<int[]> fields) {
        if (n < i) {
            return 0;
        }
        while (true) {
            if (i == n) {
                return 0;
            }
            if (b[i] == '\n') {
                return i + 1;
            }
            if (b[i] == '\r') {
                return i + 1 == n ? 0 : b[i + 1] == '\n' ? i + 2 : HttpRequestParser.BAD_REQUEST;
            }
            int name = i;
            while (i < n && isToken(b[i] & 0xff)) {
                i++;
            }
            if (i == n) {
                return 0;
            }
            if (i == name || b[i] != ':') {
                return HttpRequestParser.BAD_REQUEST;
            }
            int nameLength = i - name;
            i++;
            while (i < n && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int value = i;
            while (i < n && ((b[i] & 0xff) >= 0x20 && b[i] != 0x7f || b[i] == '\t')) {
                i++;
            }
            if (i == n) {
                return 0;
            }
            int valueEnd = i;
            while (valueEnd > value && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            if (b[i] == '\n') {
                i++;
            } else if (b[i] == '\r') {
                if (i + 1 == n) {
                    return 0;
                }
                if (b[i + 1] != '\n') {
                    return HttpRequestParser.BAD_REQUEST;
                }
                i += 2;
            } else {
                return HttpRequestParser.BAD_REQUEST;
            }
            fields.add(new int[] {name, nameLength, value, valueEnd - value});
        }
    }

    static boolean isToken(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(7);
        long address = NativeRegions.register(arena.allocate(4096), "test memory").address();
        byte[] alphabet = "GET /HTP1.\r\n: abcContent-Length0123456789chunked\t\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 100_000; i++) {
            int n = random.nextInt(200);
            for (int j = 0; j < n; j++) {
                NativeMemory.putByte(address + j, random.nextInt(4) == 0 ? random.nextInt(256) : alphabet[random.nextInt(alphabet.length)]);
            }
            int result = parser.parse(address, n, request);
            assertTrue(result <= n, "never claims more than it was given");
            assertTrue(result >= 0 || result == HttpRequestParser.BAD_REQUEST || result == HttpRequestParser.URI_TOO_LONG
                            || result == HttpRequestParser.HEADERS_TOO_LARGE || result == HttpRequestParser.NOT_IMPLEMENTED
                            || result == HttpRequestParser.VERSION_NOT_SUPPORTED,
                    "result " + result);
        }
    }
}
