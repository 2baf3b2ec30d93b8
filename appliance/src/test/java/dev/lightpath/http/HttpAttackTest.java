package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.Responses.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Requests built to smuggle a second request past a front end (framing the body two ways at once), and paths
 * built to leave the docroot in every encoding. Each smuggling attempt is answered 400 and the connection
 * closed, so nothing after it is read as a request; no path reaches a file outside the docroot.
 */
@Timeout(30)
class HttpAttackTest {
    static final String SECRET = "top secret outside the docroot";
    static final String SMUGGLED = "GET /private HTTP/1.1\r\nHost: a\r\n\r\n";

    @TempDir
    Path base;
    Path docroot;
    StaticContent content;
    HttpServer server;
    final Arena arena = Arena.ofConfined();

    @BeforeEach
    void setUp() throws IOException {
        docroot = Files.createDirectories(base.resolve("site"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/passwd"), SECRET);
        Files.writeString(docroot.resolve("index.html"), "index");
        Files.createDirectories(docroot.resolve("docs"));
        Files.writeString(docroot.resolve("docs/page.html"), "page");
        Files.createSymbolicLink(docroot.resolve("link.txt"), base.resolve("secret.txt"));
        Files.createSymbolicLink(docroot.resolve("up"), base);
        content = StaticContent.load(docroot);
        HttpSettings settings = new HttpSettings();
        settings.maxBody = 1000;
        server = new HttpServer(settings, new Routes(List.of(Route.files("/", content), Route.sink("/upload", 202),
                Route.fixed("/private", 200, "text/plain", "private\n", java.util.Map.of(), 0))), 16, () -> 0L);
    }

    @AfterEach
    void tearDown() {
        arena.close();
        content.close();
    }

    FakeStream exchange(String text) {
        FakeStream stream = new FakeStream(0);
        server.onOpen(stream);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(Math.max(1, bytes.length)), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        server.onData(stream, address, bytes.length);
        stream.endIfAborted(server);
        return stream;
    }

    /** Answered 400 with Connection: close, the stream closed, and the request behind it never answered. */
    void assertRejected(String attack) {
        FakeStream stream = exchange(attack + SMUGGLED);
        List<Response> responses = Responses.parse(stream.sent.toByteArray());
        assertEquals(1, responses.size(), "one answer, nothing for the smuggled request: " + attack);
        assertEquals(400, responses.get(0).status(), attack);
        assertEquals("close", responses.get(0).header("Connection"), attack);
        assertTrue(stream.closed || stream.aborted, "connection closed: " + attack);
        assertFalse(new String(stream.sent.toByteArray(), StandardCharsets.ISO_8859_1).contains("private\n"));
    }

    @Test
    void contentLengthWithTransferEncoding() {
        // CL.TE: a front end that uses Content-Length forwards "0\r\n\r\n" + the smuggled request as body.
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
    }

    @Test
    void transferEncodingWithContentLength() {
        // TE.CL: the same two fields in the other order.
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + "5c\r\n");
    }

    @Test
    void transferEncodingFoldedOntoASecondLine() {
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nX: y\r\n\tTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void duplicateTransferEncoding() {
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity"
                + "\r\n\r\n0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void conflictingContentLengths() {
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 40\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 40\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: +0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n");
    }

    @Test
    void spaceBeforeTheColon() {
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length : 0\r\n\r\n");
        assertRejected("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void unknownOrDisguisedTransferCodings() {
        for (String coding : List.of("xchunked", "chunked\u000b", "\"chunked\"", "chunked;q=1")) {
            FakeStream stream = exchange("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding
                    + "\r\n\r\n0\r\n\r\n" + SMUGGLED);
            List<Response> responses = Responses.parse(stream.sent.toByteArray());
            assertEquals(1, responses.size(), coding);
            int status = responses.get(0).status();
            assertTrue(status == 400 || status == 501, coding + ": " + status);
            assertTrue(stream.closed || stream.aborted, coding);
        }
    }

    /**
     * Chunk sizes that overflow 64 bits: one that wrapped to a small number would end the body early and read the
     * rest as a request.
     */
    @Test
    void chunkSizeOverflow() {
        for (String size : List.of("10000000000000005", "ffffffffffffffff1", "fffffffffffffffffffffffffffffffff",
                "8000000000000000")) {
            FakeStream stream = exchange("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + size + "\r\nhello\r\n0\r\n\r\n" + SMUGGLED);
            List<Response> responses = Responses.parse(stream.sent.toByteArray());
            assertEquals(1, responses.size(), size);
            int status = responses.get(0).status();
            assertTrue(status == 400 || status == 413, size + ": " + status);
            assertEquals("close", responses.get(0).header("Connection"), size);
            assertTrue(stream.closed || stream.aborted, size);
        }
    }

    @Test
    void traversalInEveryEncodingNeverServesAFileOutsideTheDocroot() {
        List<String> attacks = List.of(
                "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
                "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/docs/..%2f..%2fsecret.txt", "/docs%2f..%2f..%2fsecret.txt",
                "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/%25252e%25252e/secret.txt",
                "/..\\secret.txt", "/docs\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/..%5csecret.txt",
                "/%2e%2e%5csecret.txt", "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%afsecret.txt",
                "/%e0%80%ae%e0%80%ae/secret.txt", "/%c1%9c..%c1%9csecret.txt", "/..%c0%afsecret.txt",
                "/%uff0e%uff0e/secret.txt", "/%ef%bc%8e%ef%bc%8e/secret.txt", "/..;/secret.txt", "/../etc/passwd",
                "/docs/../../etc/passwd", "/./.././etc/passwd", "//../etc/passwd", "/...//secret.txt",
                "/%00/../secret.txt", "/secret.txt%00.html", "/up/secret.txt", "/up/etc/passwd", "/link.txt",
                "http://a/../secret.txt", "/docs/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt");
        for (String attack : attacks) {
            for (String method : List.of("GET", "HEAD")) {
                FakeStream stream = exchange(method + " " + attack + " HTTP/1.1\r\nHost: a\r\n\r\n");
                String raw = new String(stream.sent.toByteArray(), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains(SECRET), attack + " served the secret");
                List<Response> responses;
                try {
                    responses = Responses.parse(stream.sent.toByteArray(), method.equals("HEAD"));
                } catch (AssertionError e) {
                    throw new AssertionError(method + " " + attack + ": " + raw, e);
                }
                assertEquals(1, responses.size(), attack);
                int status = responses.get(0).status();
                assertTrue(status == 400 || status == 404, attack + " answered " + status);
            }
        }
        assertEquals("index", new String(Responses.parse(exchange("GET /docs/../index.html HTTP/1.1\r\nHost: a\r\n\r\n")
                .sent.toByteArray()).get(0).body(), StandardCharsets.US_ASCII), "inside the docroot, dot-dot is fine");
        assertEquals(2, content.fileCount(), "symlinks are not loaded, inside or out");
    }
}
