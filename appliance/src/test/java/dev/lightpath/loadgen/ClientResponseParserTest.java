package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.HttpRequestParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class ClientResponseParserTest {
    final Arena arena = Arena.ofConfined();
    final ClientResponseParser parser = new ClientResponseParser(256);
    final ClientResponseHead head = new ClientResponseHead();

    @AfterEach
    void close() {
        arena.close();
    }

    int parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(Math.max(1, bytes.length)), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        return parser.parse(address, bytes.length, head);
    }

    @Test
    void readsTheStatusAndTheFieldsThatFrameTheBody() {
        String text = "HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 12\r\n\r\nhello world!";
        assertEquals(text.length() - 12, parse(text));
        assertEquals(200, head.status());
        assertEquals(11, head.version());
        assertEquals(12, head.contentLength());
        assertEquals(ClientResponseHead.LENGTH, head.framing(false));
        assertEquals(ClientResponseHead.NO_BODY, head.framing(true), "the answer to HEAD has no body");
        assertTrue(head.keepAlive());
    }

    @Test
    void chunkedUntilCloseAndNoBodyFramings() {
        parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertEquals(ClientResponseHead.CHUNKED, head.framing(false));
        parse("HTTP/1.0 200 OK\r\n\r\n");
        assertEquals(ClientResponseHead.UNTIL_CLOSE, head.framing(false));
        assertFalse(head.keepAlive(), "HTTP/1.0 closes unless asked to keep the connection");
        parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n");
        assertEquals(ClientResponseHead.NO_BODY, head.framing(false));
        parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n");
        assertFalse(head.keepAlive());
    }

    @Test
    void anUnfinishedHeadWaitsAndAnOverlongOneIsMalformed() {
        assertEquals(HttpRequestParser.INCOMPLETE, parse("HTTP/1.1 200 OK\r\nContent-Len"));
        assertEquals(ClientResponseParser.MALFORMED, parse("HTTP/1.1 200 OK\r\nX: " + "y".repeat(300)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
            "HTTP/1.1 099 Low\r\n\r\n",
            "HTTP/2.0 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon\r\n\r\n"})
    void framingThatCouldDesynchroniseTheClientIsMalformed(String text) {
        assertEquals(ClientResponseParser.MALFORMED, parse(text));
    }

    @Test
    void everyPrefixOfAHeadWaitsAndTheWholeOneIsReadInOnePass() {
        String text = "HTTP/1.1 200 OK\r\nServer: lightpath\r\nDate: Sun, 06 Dec 2026 12:00:00 GMT\r\n"
                + "Content-Type: text/html\r\nContent-Length: 21\r\nETag: \"abc\"\r\nAccept-Ranges: bytes\r\n\r\n";
        for (int n = 0; n < text.length(); n++) {
            assertEquals(HttpRequestParser.INCOMPLETE, parse(text.substring(0, n)), "the first " + n + " bytes");
        }
        assertEquals(text.length(), parse(text + "Hello from Lightpath\n"));
        assertEquals(200, head.status());
        assertEquals(21, head.contentLength());
        assertEquals(text.length(), head.headLength());
    }

    @Test
    void linesEndedByABareLineFeedAreReadAsWell() {
        String text = "HTTP/1.1 204 No Content\nContent-Length: 0\n\n";
        assertEquals(text.length(), parse(text));
        assertEquals(204, head.status());
        assertEquals(0, head.contentLength());
        assertEquals(ClientResponseParser.MALFORMED, parse("HTTP/1.1 200 OK\r\n\rX: y\r\n\r\n"),
                "a bare CR where the empty line would be");
    }

    @Test
    void theLengthFieldIsKnownInAnyCaseAndOnlyByItsWholeName() {
        parse("HTTP/1.1 200 OK\r\nCONTENT-length: 3\r\n\r\n");
        assertEquals(3, head.contentLength());
        parse("HTTP/1.1 200 OK\r\nContent-Lenhth: 3\r\nContent-Lengths: 4\r\nXContent-Length: 5\r\n\r\n");
        assertEquals(ClientResponseHead.UNTIL_CLOSE, head.framing(false));
    }
}
