package dev.lightpath.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.HttpRequest;
import dev.lightpath.http.HttpRequestParser;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.tcp.StreamHandler;

import java.lang.foreign.Arena;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Arbitrary bytes into the request parser. It must never throw, never claim more bytes than it was given,
 * never read past them, and answer only with a head length, {@link HttpRequestParser#INCOMPLETE} or one of
 * its error statuses. A head it accepts must be accepted the same wherever it lies and whatever follows it,
 * every shorter prefix of it must be incomplete, and the server must answer it the same whether it arrives in
 * one segment, split in two at any point, or a byte at a time.
 */
class HttpRequestParserFuzzTest {
    /** Inputs are cut here: the parser's window is {@link FuzzedServer#MAX_HEAD}, so longer adds nothing. */
    private static final int MAX_INPUT = 2 * FuzzedServer.MAX_HEAD;
    private static final int GUARD = 64;

    private static final HttpSettings SETTINGS = FuzzedServer.settings();
    private static final HttpRequestParser PARSER =
            new HttpRequestParser(SETTINGS.maxRequestLine, SETTINGS.maxHead);
    private static final HttpRequest REQUEST = new HttpRequest(SETTINGS.maxFields);
    private static final HttpServer SERVER = FuzzedServer.create(SETTINGS, 1);
    private static final long INPUT = NativeRegions.register(Arena.global().allocate(MAX_INPUT + GUARD, 64), "test memory").address();
    private static final long MOVED = NativeRegions.register(Arena.global().allocate(MAX_INPUT + GUARD, 64), "test memory").address() + 3;
    private static final long SEGMENT = NativeRegions.register(Arena.global().allocate(MAX_INPUT, 64), "test memory").address();

    @FuzzTest
    void parse(byte[] data) {
        byte[] input = data.length > MAX_INPUT ? Arrays.copyOf(data, MAX_INPUT) : data;
        int length = input.length;
        NativeMemory.copy(input, 0, INPUT, length);

        NativeMemory.fill(INPUT + length, GUARD, (byte) '\n');
        int result = PARSER.parse(INPUT, length, REQUEST);
        String fields = result > 0 ? describe(REQUEST) : null;
        NativeMemory.fill(INPUT + length, GUARD, (byte) 'A');
        assertEquals(result, PARSER.parse(INPUT, length, REQUEST), "the bytes after the input changed the result");

        assertTrue(result <= length, "claimed " + result + " of " + length + " bytes");
        if (result < 0 && result != HttpRequestParser.BAD_REQUEST && result != HttpRequestParser.URI_TOO_LONG
                && result != HttpRequestParser.HEADERS_TOO_LARGE && result != HttpRequestParser.NOT_IMPLEMENTED
                && result != HttpRequestParser.VERSION_NOT_SUPPORTED) {
            fail("unknown status " + result);
        }
        if (result <= 0) {
            return;
        }
        assertEquals(fields, describe(REQUEST));

        // Where the head lies and what follows it make no difference.
        NativeMemory.copy(input, 0, MOVED, result);
        NativeMemory.fill(MOVED + result, GUARD, (byte) 'x');
        assertEquals(result, PARSER.parse(MOVED, result, REQUEST), "the head alone");
        assertEquals(fields, describe(REQUEST));
        assertEquals(result, HttpRequestParser.findHeadEnd(INPUT, length, 0), "where a gatherer sees the head end");

        for (int prefix = 0; prefix < result; prefix++) {
            assertEquals(HttpRequestParser.INCOMPLETE, PARSER.parse(INPUT, prefix, REQUEST), "prefix of " + prefix);
        }

        byte[] head = Arrays.copyOf(input, result);
        RecordingStream whole = serve(head, head.length);
        ResponseChecker.check(whole.pieces);
        byte[] answer = whole.sent.toByteArray();
        for (int cut = 1; cut < head.length; cut++) {
            assertArrayEquals(answer, serve(head, cut).sent.toByteArray(), "split at " + cut);
        }
        assertArrayEquals(answer, serveByteByByte(head).sent.toByteArray(), "a byte at a time");
    }

    /** What the server sends for {@code head} arriving a byte per segment: split at every point at once. */
    private static RecordingStream serveByteByByte(byte[] head) {
        RecordingStream stream = new RecordingStream(0);
        SERVER.onOpen(stream);
        for (int i = 0; i < head.length && !stream.done(); i++) {
            deliver(stream, head, i, 1);
        }
        return finish(stream);
    }

    /** What the server sends for {@code head} arriving as two segments, the first {@code cut} bytes long. */
    private static RecordingStream serve(byte[] head, int cut) {
        RecordingStream stream = new RecordingStream(0);
        SERVER.onOpen(stream);
        deliver(stream, head, 0, cut);
        if (cut < head.length && !stream.done()) {
            deliver(stream, head, cut, head.length - cut);
        }
        return finish(stream);
    }

    private static RecordingStream finish(RecordingStream stream) {
        assertFalse(stream.aborted, "the server aborted a connection whose request it can parse");
        stream.end(SERVER, StreamHandler.CloseReason.NORMAL);
        assertEquals(SETTINGS.buffers, SERVER.spareBufferCount(), "a lent buffer did not come back");
        return stream;
    }

    private static void deliver(RecordingStream stream, byte[] bytes, int from, int length) {
        NativeMemory.copy(bytes, from, SEGMENT, length);
        SERVER.onData(stream, SEGMENT, length);
    }

    /** Everything the parser found, as text, to compare two parses of the same head. */
    private static String describe(HttpRequest r) {
        StringBuilder s = new StringBuilder();
        s.append(r.method()).append(' ').append(r.target()).append(' ').append(r.version()).append(' ')
                .append(r.headLength()).append(' ').append(r.contentLength()).append(' ').append(r.chunked())
                .append(' ').append(r.keepAlive()).append(' ').append(r.expectContinue()).append(' ')
                .append(r.host()).append(' ').append(r.range()).append(' ').append(r.ifRange()).append(' ')
                .append(r.ifNoneMatch()).append(' ').append(r.ifModifiedSince()).append(' ')
                .append(r.authorization());
        for (int i = 0; i < r.fieldCount(); i++) {
            s.append('\n').append(r.name(i)).append(": ").append(r.value(i));
        }
        return s.toString();
    }
}
