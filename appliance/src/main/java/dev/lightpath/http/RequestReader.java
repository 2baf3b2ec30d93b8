package dev.lightpath.http;

import dev.lightpath.tcp.TcpStream;

import static dev.lightpath.http.RequestPhase.BODY;
import static dev.lightpath.http.RequestPhase.CHUNKED;
import static dev.lightpath.http.RequestPhase.CLOSING;
import static dev.lightpath.http.RequestPhase.WAIT;

/**
 * Reads each connection's requests in place, by the connection's {@link RequestPhase}: a head (one begun in an
 * earlier segment is parsed again only once its end has come), a body of known length counted off, a chunked
 * body decoded. A complete head goes to the server to be answered, a complete body to send the answer that
 * waited for it; malformed input to be refused. Reading stops while the connection waits for a held answer or
 * for room to send one, and the bytes not read are buffered by the server.
 */
final class RequestReader {
    private final HttpServer server;
    private final Connections connections;
    private final HttpRequestParser parser;
    private final HttpRequest request;
    private final ChunkedDecoder chunked;
    private final HttpCounters counters;
    private final LoggedRequest logged;
    private final long timeoutNanos;
    private final byte[] phase;
    private final boolean[] partial;
    private final long[] deadline;
    private final long[] bodyRemaining;
    /** Bytes of a head already searched for its end, or 0 when no head is begun. */
    private final int[] scanned;

    RequestReader(HttpServer server, Connections connections, HttpSettings settings, HttpCounters counters,
                  LoggedRequest logged) {
        this.server = server;
        this.connections = connections;
        this.parser = new HttpRequestParser(settings.maxRequestLine, settings.maxHead);
        this.request = new HttpRequest(settings.maxFields);
        int capacity = connections.capacity();
        this.chunked = new ChunkedDecoder(capacity, settings.maxBody, settings.maxChunkLine, settings.maxTrailers);
        this.counters = counters;
        this.logged = logged;
        this.timeoutNanos = settings.requestTimeoutNanos;
        this.phase = connections.phase;
        this.partial = connections.partial;
        this.deadline = connections.deadline;
        this.bodyRemaining = new long[capacity];
        this.scanned = new int[capacity];
    }

    /** The request last parsed, valid while the server answers it. */
    HttpRequest request() {
        return request;
    }

    /** A new connection on {@code slot}: no head begun. */
    void opened(int slot) {
        scanned[slot] = 0;
    }

    /** The head just parsed announces a body: read it next, chunked or of {@code length} bytes. */
    void startBody(int slot, boolean isChunked, long length) {
        if (isChunked) {
            chunked.start(slot);
            phase[slot] = CHUNKED;
        } else {
            bodyRemaining[slot] = length;
            phase[slot] = BODY;
        }
        partial[slot] = true;
        deadline[slot] = connections.now + timeoutNanos;
    }

    /**
     * Reads received bytes in order, each by the reader of the connection's phase; returns how many were used
     * (the rest is to be buffered). A phase's reader returns where reading goes on, or {@code ~used} to stop.
     */
    int process(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        int p = 0;
        while (p < length) {
            int next = switch (phase[slot]) {
                case BODY -> readBody(stream, p, length);
                case CHUNKED -> readChunked(stream, address, p, length);
                case WAIT -> ~p;
                case CLOSING -> ~length;
                default -> readHead(stream, address, p, length);
            };
            if (next < 0) {
                return ~next;
            }
            p = next;
        }
        return p;
    }

    private int readBody(TcpStream stream, int p, int length) {
        int slot = stream.slot();
        int n = (int) Math.min(bodyRemaining[slot], length - p);
        bodyRemaining[slot] -= n;
        counters.bodyBytes += n;
        deadline[slot] = connections.now + timeoutNanos;
        return bodyRemaining[slot] == 0 && !server.bodyDone(stream) ? ~length : p + n;
    }

    private int readChunked(TcpStream stream, long address, int p, int length) {
        int slot = stream.slot();
        int n = chunked.decode(slot, address + p, length - p);
        if (n < 0) {
            server.fail(stream, switch (n) {
                case ChunkedDecoder.TOO_LARGE -> 413;
                case ChunkedDecoder.TRAILERS_TOO_LARGE -> 431;
                default -> 400;
            });
            return ~length;
        }
        deadline[slot] = connections.now + timeoutNanos;
        if (chunked.done(slot)) {
            counters.bodyBytes += chunked.bodyBytes(slot);
            if (!server.bodyDone(stream)) {
                return ~length;
            }
        }
        return p + n;
    }

    private int readHead(TcpStream stream, long address, int p, int length) {
        int slot = stream.slot();
        int rest = length - p;
        if (scanned[slot] > 0 && HttpRequestParser.findHeadEnd(address + p, rest, scanned[slot]) == HttpRequestParser.INCOMPLETE) {
            scanned[slot] = rest;
            int error = parser.limitError(address + p, rest);
            if (error != HttpRequestParser.INCOMPLETE) {
                server.fail(stream, -error);
                return ~length;
            }
            return ~p;
        }
        logged.forget();
        if (!ResponseWriter.canRespond(stream)) {
            connections.stalled[slot] = true;
            stream.wantSendSpace();
            return ~p;
        }
        int n = parser.parse(address + p, rest, request);
        if (n == HttpRequestParser.INCOMPLETE) {
            scanned[slot] = rest;
            if (!partial[slot]) {
                partial[slot] = true;
                deadline[slot] = connections.now + timeoutNanos;
            }
            return ~p;
        }
        scanned[slot] = 0;
        partial[slot] = false;
        if (n < 0) {
            server.fail(stream, -n);
            return ~length;
        }
        return server.answer(stream) ? p + n : ~length;
    }
}
