package dev.lightpath.http;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.http.Responses.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A chunked body's lines are bounded: a chunk line (size and extensions) longer than {@code maxChunkLine} is
 * answered 400, a trailer section longer than {@code maxTrailers} 431, and either closes the connection, so
 * the bytes behind it are never read as a request. Up to the bound they are accepted, whole or trickled.
 */
@Timeout(30)
class ChunkLimitsTest {
    static final String POST = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    static final String NEXT = "GET /private HTTP/1.1\r\nHost: a\r\n\r\n";
    final Arena arena = Arena.ofConfined();
    final HttpServer server;

    ChunkLimitsTest() {
        HttpSettings settings = new HttpSettings();
        settings.maxChunkLine = 64;
        settings.maxTrailers = 128;
        server = new HttpServer(settings, new Routes(List.of(Route.sink("/upload", 202),
                Route.fixed("/private", 200, "text/plain", "private\n", java.util.Map.of(), 0))), 4, () -> 0L);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /** The text delivered in segments of {@code segment} bytes (0: at once). */
    FakeStream exchange(String text, int segment) {
        FakeStream stream = new FakeStream(0);
        server.onOpen(stream);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(Math.max(1, bytes.length)), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        int step = segment == 0 ? bytes.length : segment;
        for (int at = 0; at < bytes.length && !stream.closed && !stream.aborted; at += step) {
            server.onData(stream, address + at, Math.min(step, bytes.length - at));
        }
        stream.endIfAborted(server);
        return stream;
    }

    List<Response> responses(FakeStream stream) {
        return Responses.parse(stream.sent.toByteArray());
    }

    /** A chunk line of exactly {@code length} bytes with its CRLF: "5;" and an extension, for 5 bytes of data. */
    static String chunkLine(int length) {
        return "5;x=" + "a".repeat(length - 6) + "\r\n";
    }

    @Test
    void aChunkLineUpToTheBoundIsTaken() {
        for (int segment : new int[] {0, 1, 7}) {
            FakeStream stream = exchange(POST + chunkLine(64) + "hello\r\n0\r\n\r\n" + NEXT, segment);
            List<Response> answers = responses(stream);
            assertEquals(2, answers.size(), "segments of " + segment);
            assertEquals(202, answers.get(0).status());
            assertEquals(200, answers.get(1).status());
            assertFalse(stream.closed || stream.aborted);
        }
    }

    @Test
    void aChunkLineOneBytePastTheBoundIs400AndCloses() {
        for (int segment : new int[] {0, 1, 7}) {
            FakeStream stream = exchange(POST + chunkLine(65) + "hello\r\n0\r\n\r\n" + NEXT, segment);
            assertRejected(stream, 400, "segments of " + segment);
        }
    }

    @Test
    void anEndlessExtensionIsRefusedOnceItPassesTheBoundNotWhenItEnds() {
        // The line never ends: the answer comes after the 65th byte of the line, not at a line end.
        String endless = POST + "5;" + "x".repeat(200);
        FakeStream stream = exchange(endless, 3);
        assertRejected(stream, 400, "an extension trickled three bytes at a time");
    }

    @Test
    void endlessLeadingZerosAreALongLineToo() {
        assertRejected(exchange(POST + "0".repeat(100) + "5\r\nhello\r\n0\r\n\r\n" + NEXT, 0), 400, "leading zeros");
        List<Response> fine = responses(exchange(POST + "0".repeat(50) + "5\r\nhello\r\n0\r\n\r\n", 0));
        assertEquals(202, fine.get(0).status(), "50 zeros are within the bound");
    }

    @Test
    void theBoundIsPerLineNotPerBody() {
        StringBuilder body = new StringBuilder(POST);
        for (int i = 0; i < 20; i++) {
            body.append(chunkLine(60)).append("hello\r\n");
        }
        body.append("0\r\n\r\n");
        FakeStream stream = exchange(body + NEXT, 5);
        assertEquals(List.of(202, 200), responses(stream).stream().map(Response::status).toList());
    }

    @Test
    void trailersUpToTheBoundAreTaken() {
        // 128 bytes: a 126-byte field line with its CRLF, then the final CRLF.
        String trailer = "T: " + "v".repeat(121) + "\r\n" + "\r\n";
        assertEquals(128, trailer.length());
        FakeStream stream = exchange(POST + "5\r\nhello\r\n0\r\n" + trailer + NEXT, 0);
        assertEquals(List.of(202, 200), responses(stream).stream().map(Response::status).toList());
    }

    @Test
    void trailersPastTheBoundAre431AndClose() {
        String trailer = "T: " + "v".repeat(122) + "\r\n" + "\r\n";
        assertRejected(exchange(POST + "5\r\nhello\r\n0\r\n" + trailer + NEXT, 0), 431, "129 bytes of trailers");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append("T").append(i).append(": v\r\n");
        }
        assertRejected(exchange(POST + "5\r\nhello\r\n0\r\n" + many + "\r\n" + NEXT, 2), 431, "many short trailers");
    }

    @Test
    void theDefaultsAreFourKilobytesPerLineAndTheHeadLimitForTrailers() {
        HttpSettings defaults = new HttpSettings();
        assertEquals(4096, defaults.maxChunkLine);
        assertEquals(defaults.maxHead, defaults.maxTrailers);
        ChunkedDecoder decoder = new ChunkedDecoder(1, 1 << 20);
        decoder.start(0);
        String line = "1;" + "e".repeat(4092) + "\r\n";
        assertEquals(4096, line.length());
        assertEquals(line.length(), decode(decoder, line), "4096 bytes are a line");
        decoder.start(0);
        assertEquals(ChunkedDecoder.LINE_TOO_LONG, decode(decoder, "1;" + "e".repeat(4093) + "\r\n"));
    }

    private int decode(ChunkedDecoder decoder, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(bytes.length), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        return decoder.decode(0, address, bytes.length);
    }

    private void assertRejected(FakeStream stream, int status, String what) {
        List<Response> answers = responses(stream);
        assertEquals(1, answers.size(), "one answer, nothing for the request behind: " + what);
        assertEquals(status, answers.get(0).status(), what);
        assertEquals("close", answers.get(0).header("Connection"), what);
        assertTrue(stream.closed || stream.aborted, "closed: " + what);
    }
}
