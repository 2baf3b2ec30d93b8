package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.Responses.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A head written for one response is sent again as it is for the next that would have the same bytes, and
 * written afresh whenever anything in it differs: the second of its Date, the route's fields, the length, the
 * Connection field, the status.
 */
class ResponseHeadReuseTest {
    private static final long WALL = 1_780_000_000_000L;
    private final Arena arena = Arena.ofConfined();
    private long wall = WALL;
    private final HttpServer server = new HttpServer(new HttpSettings(), new Routes(List.of(
            Route.fixed("/a", 200, "text/plain", "aaaa\n", Map.of("Cache-Control", "max-age=60"), 0),
            Route.fixed("/b", 200, "text/html", "<p>bb</p>\n", Map.of(), 0),
            Route.fixed("/gone", 500, "text/plain", "gone\n", Map.of(), 0))), 4, () -> wall);

    @AfterEach
    void close() {
        arena.close();
    }

    private List<Response> exchange(FakeStream stream, String requests) {
        int before = stream.sent.size();
        byte[] bytes = requests.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(bytes.length), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        server.onData(stream, address, bytes.length);
        byte[] all = stream.sent.toByteArray();
        return Responses.parse(java.util.Arrays.copyOfRange(all, before, all.length));
    }

    private FakeStream open() {
        FakeStream stream = new FakeStream(0);
        server.onOpen(stream);
        return stream;
    }

    @Test
    void theSameRouteAgainGetsTheSameHeadUntilTheSecondChanges() {
        FakeStream stream = open();
        List<Response> first = exchange(stream, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(first.get(0).head(), first.get(1).head());
        assertEquals(HttpDate.format(WALL / 1000), first.get(1).header("Date"));

        wall += 1000;
        Response later = exchange(stream, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n").get(0);
        assertEquals(HttpDate.format(WALL / 1000 + 1), later.header("Date"), "a new second, a new Date");
        assertEquals(first.get(0).head().replace(HttpDate.format(WALL / 1000), HttpDate.format(WALL / 1000 + 1)),
                later.head());
    }

    @Test
    void anotherRouteStatusOrConnectionGetsAHeadOfItsOwn() {
        FakeStream stream = open();
        List<Response> responses = exchange(stream, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /gone HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(6, responses.size());
        Response a = responses.get(0);
        Response b = responses.get(1);
        assertEquals("5", a.header("Content-Length"));
        assertEquals("max-age=60", a.header("Cache-Control"));
        assertEquals("10", b.header("Content-Length"));
        assertEquals("text/html", b.header("Content-Type"));
        assertNull(b.header("Cache-Control"), "no field of the route answered before");
        assertEquals(a.head(), responses.get(2).head(), "back to the first route, its head as before");
        assertEquals(500, responses.get(3).status());
        assertEquals("keep-alive", responses.get(4).header("Connection"));
        assertEquals("close", responses.get(5).header("Connection"));
        assertEquals("aaaa\n", new String(responses.get(5).body(), StandardCharsets.US_ASCII));
    }
}
