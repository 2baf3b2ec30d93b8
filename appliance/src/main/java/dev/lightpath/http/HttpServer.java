package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * One core's HTTP/1.1 server (RFC 9110, RFC 9112) over its TCP connections. Requests are parsed in place in the
 * receive mbufs; only a head split across segments is gathered, in a buffer lent for as long as it is partial.
 * Responses are written as a head copied into TCP's send buffer and a body sent by reference from memory
 * prepared at start, in the order requests arrived (pipelining). Every connection's state lives in arrays
 * indexed by its TCP slot, so nothing is allocated per connection or per request.
 *
 * <p>A connection is in one phase at a time: reading a head, skipping or counting a body (by length or
 * chunked), waiting for a delayed response, or closing. While it waits, or while TCP's send queue has no room
 * for another response, what arrives is buffered and its window narrowed, and reading resumes when the
 * response leaves or room opens.
 */
public final class HttpServer implements StreamHandler {
    private static final byte HEAD = 0;
    private static final byte BODY = 1;
    private static final byte CHUNKED = 2;
    private static final byte WAIT = 3;
    private static final byte CLOSING = 4;

    /** Copy space a response head may need: below it, reading pauses until TCP frees room. */
    private static final int HEAD_SPACE = 2048;
    private static final long SWEEP_NANOS = 10_000_000L;

    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final byte[] CONNECTION_CLOSE = bytes("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = bytes("Connection: keep-alive\r\n");
    private static final byte[] TEXT_PLAIN = bytes("Content-Type: text/plain; charset=utf-8\r\n");
    private static final byte[] CONTENT_RANGE = bytes("Content-Range: bytes ");
    private static final byte[] CONTINUE = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    private static final MemorySegment CONTINUE_MEMORY = NativeBytes.of(CONTINUE);
    private static final MemorySegment[] ERROR_BODIES = new MemorySegment[600];

    static {
        for (int status = 400; status < 600; status++) {
            if (HttpStatus.known(status)) {
                ERROR_BODIES[status] = NativeBytes.of(bytes(status + " " + HttpStatus.reason(status) + "\n"));
            }
        }
    }

    private final HttpSettings settings;
    private final Routes routes;
    private final HttpRequestParser parser;
    private final HttpRequest request;
    private final ChunkedDecoder chunked;
    private final ResponseHead head = new ResponseHead();
    private final ByteRange byteRange = new ByteRange();
    private final HttpCounters counters = new HttpCounters();
    private final LongSupplier wallMillis;
    private final byte[] path;
    private final byte[] serverLine;
    private final byte[] dateLine = bytes("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
    private long dateSecond = Long.MIN_VALUE;

    private final TcpStream[] streams;
    private final byte[] phase;
    private final boolean[] open;
    private final boolean[] stalled;
    private final boolean[] partial;
    private final long[] deadline;
    private final long[] bodyRemaining;
    private final int[] served;
    private final byte[] version;
    private final Route[] pending;
    private final boolean[] pendingKeepAlive;
    private final boolean[] pendingHeadOnly;
    private final long[] dueAt;
    private final long[] buffer;
    private final int[] buffered;
    private final int[] scanned;
    private final int[] waiting;
    private int waitingCount;

    private final long[] spareBuffers;
    private int spares;
    private final int bufferBytes;
    private final Arena arena = Arena.ofShared();

    private RequestLog.Core log;
    private long logTarget;
    private int logTargetLength;
    private byte[] logTargetBytes;
    /**
     * With an access log, the method and target of each request answered only once its body is in (or its
     * delay over), copied when it is parsed: by then its bytes have been released, and the log would otherwise
     * name the route instead of the request. A slot's copy is made the first time it holds such a request and
     * reused after, so memory follows the slots that take bodies, not the table's capacity.
     */
    private int[] pendingMethod;
    private int[] pendingTargetLength;
    private byte[][] pendingTarget;
    private int logMethod;

    private int openConnections;
    private boolean draining;
    private boolean closeIdlePending;
    private long now;
    private long nextSweep;
    private int sweepCursor;

    /**
     * @param capacity   the TCP table's capacity (connection slots)
     * @param wallMillis the wall clock, for {@code Date}
     */
    public HttpServer(HttpSettings settings, Routes routes, int capacity, LongSupplier wallMillis) {
        this.settings = settings;
        this.routes = routes;
        this.wallMillis = wallMillis;
        this.parser = new HttpRequestParser(settings.maxRequestLine, settings.maxHead);
        this.request = new HttpRequest(settings.maxFields);
        this.chunked = new ChunkedDecoder(capacity, settings.maxBody, settings.maxChunkLine, settings.maxTrailers);
        this.path = new byte[settings.maxRequestLine];
        this.serverLine = bytes("Server: " + settings.serverName + "\r\n");
        this.streams = new TcpStream[capacity];
        this.phase = new byte[capacity];
        this.open = new boolean[capacity];
        this.stalled = new boolean[capacity];
        this.partial = new boolean[capacity];
        this.deadline = new long[capacity];
        this.bodyRemaining = new long[capacity];
        this.served = new int[capacity];
        this.version = new byte[capacity];
        this.pending = new Route[capacity];
        this.pendingKeepAlive = new boolean[capacity];
        this.pendingHeadOnly = new boolean[capacity];
        this.dueAt = new long[capacity];
        this.buffer = new long[capacity];
        this.buffered = new int[capacity];
        this.scanned = new int[capacity];
        this.waiting = new int[capacity];
        this.bufferBytes = settings.maxHead + 4096;
        this.spareBuffers = new long[settings.buffers];
        long memory = NativeRegions.registerSlices(arena.allocate((long) settings.buffers * bufferBytes, 64), bufferBytes, "HTTP request buffers").address();
        for (int i = 0; i < settings.buffers; i++) {
            spareBuffers[spares++] = memory + (long) i * bufferBytes;
        }
    }

    /** Logs every answered request into {@code core}'s ring of the access log. */
    public void logTo(RequestLog.Core core) {
        this.log = core;
        int capacity = streams.length;
        pendingMethod = new int[capacity];
        pendingTargetLength = new int[capacity];
        pendingTarget = new byte[capacity][];
    }

    public HttpCounters counters() {
        return counters;
    }

    public void forEach(CounterVisitor visitor) {
        counters.forEach(visitor);
        visitor.gauge("http.open_connections", openConnections);
    }

    /**
     * Buffers free to lend to a connection whose request arrives in pieces: back to {@link HttpSettings#buffers}
     * once every connection has closed, or one leaked.
     */
    public int spareBufferCount() {
        return spares;
    }

    /**
     * A graceful stop: from now on every response closes its connection, and connections idle between
     * requests are closed at the next poll.
     */
    public void drain() {
        if (!draining) {
            draining = true;
            closeIdlePending = true;
        }
    }

    private void closeIdle() {
        for (int slot = 0; slot < open.length; slot++) {
            if (open[slot] && phase[slot] == HEAD && !partial[slot] && !stalled[slot] && buffered[slot] == 0
                    && pending[slot] == null) {
                counters.keepAliveClosed++;
                phase[slot] = CLOSING;
                streams[slot].close();
            }
        }
    }

    // ---- TCP events ----

    @Override
    public void onOpen(TcpStream stream) {
        int slot = stream.slot();
        streams[slot] = stream;
        open[slot] = true;
        phase[slot] = HEAD;
        stalled[slot] = false;
        partial[slot] = false;
        served[slot] = 0;
        pending[slot] = null;
        buffered[slot] = 0;
        scanned[slot] = 0;
        deadline[slot] = now + settings.requestTimeoutNanos;
        openConnections++;
        counters.connections++;
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (phase[slot] == CLOSING) {
            return;
        }
        if (buffered[slot] > 0 || phase[slot] == WAIT || stalled[slot]) {
            if (!append(stream, address, length)) {
                return;
            }
            drainBuffer(stream);
            return;
        }
        int used = process(stream, address, length);
        if (used < length && open[slot] && phase[slot] != CLOSING) {
            if (buffer[slot] == 0 && spares == 0) {
                counters.overloaded++;
                fail(stream, 503);
                return;
            }
            append(stream, address + used, length - used);
        }
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        int slot = stream.slot();
        if (stalled[slot]) {
            stalled[slot] = false;
            drainBuffer(stream);
            closeIfPeerDone(stream);
        }
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        int slot = stream.slot();
        // A peer that half-closes after its last request still gets the answers already asked for.
        if (phase[slot] != WAIT && !stalled[slot] && buffered[slot] == 0 && pending[slot] == null) {
            phase[slot] = CLOSING;
            stream.close();
        }
    }

    /** After a held answer left: a peer that half-closed and asked for nothing more is done. */
    private void closeIfPeerDone(TcpStream stream) {
        int slot = stream.slot();
        if (open[slot] && stream.peerClosed()) {
            onPeerClosed(stream);
        }
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        int slot = stream.slot();
        if (!open[slot]) {
            return;
        }
        open[slot] = false;
        returnBuffer(slot);
        pending[slot] = null;
        streams[slot] = null;
        openConnections--;
    }

    /**
     * The time of the frames about to be delivered: deadlines and delays started from them count from it.
     * {@link #poll} sets it too; without this call they would count from the last poll.
     */
    public void timeIs(long nowNanos) {
        now = nowNanos;
    }

    /** Runs timers: delayed responses that are due, and request and keep-alive timeouts. */
    public int poll(long nowNanos) {
        now = nowNanos;
        int work = 0;
        if (closeIdlePending) {
            closeIdlePending = false;
            closeIdle();
        }
        for (int i = 0; i < waitingCount; ) {
            int slot = waiting[i];
            if (!open[slot] || phase[slot] != WAIT) {
                waiting[i] = waiting[--waitingCount];
                continue;
            }
            if (dueAt[slot] - nowNanos <= 0 && canRespond(streams[slot])) {
                waiting[i] = waiting[--waitingCount];
                phase[slot] = HEAD;
                work++;
                TcpStream stream = streams[slot];
                if (sendPending(stream)) {
                    if (buffered[slot] > 0) {
                        drainBuffer(stream);
                    }
                    closeIfPeerDone(stream);
                }
                continue;
            }
            i++;
        }
        if (nowNanos - nextSweep >= 0) {
            nextSweep = nowNanos + SWEEP_NANOS;
            work += sweep(nowNanos);
        }
        return work;
    }

    /** Checks a share of the slots for expired deadlines, so every slot is seen about once a second. */
    private int sweep(long nowNanos) {
        int capacity = open.length;
        int count = Math.max(64, capacity / 100);
        int expired = 0;
        for (int n = 0; n < count && n < capacity; n++) {
            int slot = sweepCursor;
            sweepCursor = sweepCursor + 1 == capacity ? 0 : sweepCursor + 1;
            if (!open[slot] || phase[slot] == CLOSING || phase[slot] == WAIT || stalled[slot]
                    || deadline[slot] - nowNanos > 0) {
                continue;
            }
            expired++;
            TcpStream stream = streams[slot];
            if (partial[slot]) {
                counters.timeouts++;
                forgetTarget();
                if (canRespond(stream)) {
                    fail(stream, 408);
                } else {
                    stream.abort();
                }
            } else {
                counters.keepAliveClosed++;
                phase[slot] = CLOSING;
                stream.close();
            }
        }
        return expired;
    }

    // ---- reading requests ----

    /** Processes received bytes in order; returns how many were used (the rest waits in the buffer). */
    private int process(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        int p = 0;
        while (p < length) {
            switch (phase[slot]) {
                case BODY -> {
                    int n = (int) Math.min(bodyRemaining[slot], length - p);
                    p += n;
                    bodyRemaining[slot] -= n;
                    counters.bodyBytes += n;
                    deadline[slot] = now + settings.requestTimeoutNanos;
                    if (bodyRemaining[slot] == 0 && !bodyDone(stream)) {
                        return length;
                    }
                }
                case CHUNKED -> {
                    int n = chunked.decode(slot, address + p, length - p);
                    if (n < 0) {
                        fail(stream, switch (n) {
                            case ChunkedDecoder.TOO_LARGE -> 413;
                            case ChunkedDecoder.TRAILERS_TOO_LARGE -> 431;
                            default -> 400;
                        });
                        return length;
                    }
                    p += n;
                    deadline[slot] = now + settings.requestTimeoutNanos;
                    if (chunked.done(slot)) {
                        counters.bodyBytes += chunked.bodyBytes(slot);
                        if (!bodyDone(stream)) {
                            return length;
                        }
                    }
                }
                case WAIT -> {
                    return p;
                }
                case CLOSING -> {
                    return length;
                }
                default -> {
                    int rest = length - p;
                    if (scanned[slot] > 0) {
                        // The head began in an earlier segment: wait for its end before parsing it again.
                        if (HttpRequestParser.findHeadEnd(address + p, rest, scanned[slot]) < 0) {
                            scanned[slot] = rest;
                            int error = parser.limitError(address + p, rest);
                            if (error != HttpRequestParser.INCOMPLETE) {
                                fail(stream, -error);
                                return length;
                            }
                            return p;
                        }
                    }
                    forgetTarget();
                    if (!canRespond(stream)) {
                        stalled[slot] = true;
                        stream.wantSendSpace();
                        return p;
                    }
                    int n = parser.parse(address + p, rest, request);
                    if (n == HttpRequestParser.INCOMPLETE) {
                        scanned[slot] = rest;
                        if (!partial[slot]) {
                            partial[slot] = true;
                            deadline[slot] = now + settings.requestTimeoutNanos;
                        }
                        return p;
                    }
                    scanned[slot] = 0;
                    partial[slot] = false;
                    if (n < 0) {
                        fail(stream, -n);
                        return length;
                    }
                    p += n;
                    if (!handle(stream)) {
                        return length;
                    }
                }
            }
        }
        return p;
    }

    /** Answers the request just parsed, or arranges to; returns false once the connection is closing. */
    private boolean handle(TcpStream stream) {
        int slot = stream.slot();
        HttpRequest r = request;
        counters.requests++;
        served[slot]++;
        version[slot] = (byte) r.version();
        boolean keepAlive = r.keepAlive() && !draining
                && (settings.maxRequestsPerConnection == 0 || served[slot] < settings.maxRequestsPerConnection);
        boolean headOnly = r.method() == HttpMethod.HEAD;
        logTarget = r.targetAddress();
        logTargetLength = r.targetLength();
        logTargetBytes = null;
        logMethod = r.method();
        long length = r.contentLength() == HttpRequest.ABSENT ? 0 : r.contentLength();
        boolean hasBody = r.chunked() || length > 0;
        if (length > settings.maxBody) {
            return fail(stream, 413, headOnly);
        }
        if (settings.maxConnections > 0 && openConnections > settings.maxConnections) {
            counters.overloaded++;
            return fail(stream, 503, headOnly);
        }
        int n = RequestTarget.normalize(r.targetAddress(), r.targetLength(), path);
        if (n < 0) {
            return fail(stream, 400, headOnly);
        }
        Route route = routes.match(path, n);
        boolean open;
        try {
            if (route == null) {
                open = answerError(stream, 404, null, headOnly, keepAlive && !(hasBody && r.expectContinue()));
            } else if (route.credentials != null && !authorized(route)) {
                open = answerError(stream, 401, route.challengeHeader, headOnly, keepAlive && !(hasBody && r.expectContinue()));
            } else if (r.method() == HttpMethod.OPTIONS) {
                open = answer(stream, 204, route.allowHeader, null, 0, 0, true, keepAlive);
            } else if ((route.methods & HttpMethod.bit(r.method())) == 0) {
                open = answerError(stream, 405, route.allowHeader, headOnly, keepAlive && !(hasBody && r.expectContinue()));
            } else if (route.kind == Route.Kind.SINK || route.delayNanos > 0) {
                // Answered once the body is in (a sink's status says it was taken) and the delay has passed.
                pending[slot] = route;
                pendingKeepAlive[slot] = keepAlive;
                pendingHeadOnly[slot] = headOnly;
                if (log != null) {
                    if (pendingTarget[slot] == null) {
                        pendingTarget[slot] = new byte[RequestLog.MAX_TARGET];
                    }
                    pendingMethod[slot] = r.method();
                    pendingTargetLength[slot] = Math.min(r.targetLength(), RequestLog.MAX_TARGET);
                    NativeMemory.copy(r.targetAddress(), pendingTarget[slot], 0, pendingTargetLength[slot]);
                }
                if (hasBody && r.expectContinue()) {
                    stream.sendCopy(CONTINUE_MEMORY.address(), CONTINUE.length);
                }
                open = true;
                if (!hasBody) {
                    return bodyDone(stream);
                }
            } else if (route.kind == Route.Kind.STATIC) {
                open = serveFile(stream, route, n, headOnly, keepAlive && !(hasBody && r.expectContinue()));
            } else {
                open = answer(stream, route.status, route.headers, null, route.bodyAddress, route.body.length, headOnly, keepAlive);
            }
        } catch (RuntimeException e) {
            if (NativeMemory.CHECKED && e instanceof IndexOutOfBoundsException) {
                throw e; // checked mode caught an access outside its buffer: a bug to fail on, not a 500
            }
            // A route that fails answers 500 and closes: the connection's state is not to be trusted after it.
            counters.routeFailures++;
            return fail(stream, 500);
        }
        if (!open) {
            return false;
        }
        if (hasBody) {
            if (r.chunked()) {
                chunked.start(slot);
                phase[slot] = CHUNKED;
            } else {
                bodyRemaining[slot] = length;
                phase[slot] = BODY;
            }
            partial[slot] = true;
            deadline[slot] = now + settings.requestTimeoutNanos;
        }
        return true;
    }

    /** An answer to no parsed request (a malformed one, a timeout) is logged without method or target. */
    private void forgetTarget() {
        logTargetLength = 0;
        logTargetBytes = null;
        logMethod = HttpMethod.UNKNOWN;
    }

    /** The body has been read: send the answer that waited for it, or start its delay. */
    private boolean bodyDone(TcpStream stream) {
        int slot = stream.slot();
        phase[slot] = HEAD;
        partial[slot] = false;
        Route route = pending[slot];
        if (route == null) {
            return true;
        }
        if (route.delayNanos > 0) {
            phase[slot] = WAIT;
            dueAt[slot] = now + route.delayNanos;
            waiting[waitingCount++] = slot;
            return true;
        }
        return sendPending(stream);
    }

    private boolean sendPending(TcpStream stream) {
        int slot = stream.slot();
        Route route = pending[slot];
        pending[slot] = null;
        if (log != null) {
            logTargetBytes = pendingTarget[slot];
            logTargetLength = pendingTargetLength[slot];
            logMethod = pendingMethod[slot];
        } else {
            logTargetBytes = route.pathBytes;
            logTargetLength = route.pathBytes.length;
            logMethod = HttpMethod.UNKNOWN;
        }
        return answer(stream, route.status, route.headers, null, route.bodyAddress, route.body.length,
                pendingHeadOnly[slot], pendingKeepAlive[slot]);
    }

    private boolean authorized(Route route) {
        int field = request.authorization();
        if (field == HttpRequest.ABSENT || request.valueLength(field) != route.credentials.length) {
            return false;
        }
        long value = request.valueAddress(field);
        int differences = 0;
        for (int i = 0; i < route.credentials.length; i++) {
            differences |= getByte(value + i) ^ route.credentials[i];
        }
        return differences == 0;
    }

    // ---- static files: conditional requests and ranges ----

    private boolean serveFile(TcpStream stream, Route route, int length, boolean headOnly, boolean keepAlive) {
        int from = route.prefix ? route.pathBytes.length - 1 : 0;
        StaticContent content = route.content;
        StaticFile file = length > from ? content.find(path, from, length) : null;
        if (file == null) {
            String directory = length > from ? content.directory(path, from, length) : "/";
            if (directory != null) {
                // "/docs" names a directory: send the client to "/docs/", whose relative links then resolve.
                String location = route.path.substring(0, from) + directory;
                return answerError(stream, 301, bytes("Location: " + location + "\r\n"), headOnly, keepAlive);
            }
            return answerError(stream, 404, null, headOnly, keepAlive);
        }
        if (notModified(file)) {
            return answer(stream, 304, file.headers(), null, 0, 0, true, keepAlive);
        }
        int range = request.range();
        if (range != HttpRequest.ABSENT && request.method() == HttpMethod.GET && rangeApplies(file)) {
            long size = file.length();
            int verdict = byteRange.parse(request.valueAddress(range), request.valueLength(range), size);
            if (verdict == ByteRange.UNSATISFIABLE) {
                MemorySegment body = ERROR_BODIES[416];
                return answerWithHead(stream, 416, head.begin(416), TEXT_PLAIN, CONTENT_RANGE, -1, -1, size,
                        body.address(), body.byteSize(), false, keepAlive);
            }
            if (verdict == ByteRange.APPLIES) {
                long first = byteRange.first();
                long last = byteRange.last();
                return answerWithHead(stream, 206, head.begin(206), file.headers(), CONTENT_RANGE, first, last, size,
                        file.address() + first, last - first + 1, false, keepAlive);
            }
        }
        return answer(stream, 200, file.headers(), null, file.address(), file.length(), headOnly, keepAlive);
    }

    /** RFC 9110 section 13.1.2 and 13.1.3: If-None-Match wins; If-Modified-Since only without it. */
    private boolean notModified(StaticFile file) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return false;
        }
        int field = request.ifNoneMatch();
        if (field != HttpRequest.ABSENT) {
            return ETags.matchesAny(request.valueAddress(field), request.valueLength(field), file.etag(), true);
        }
        field = request.ifModifiedSince();
        if (field != HttpRequest.ABSENT) {
            long since = HttpDate.parse(request.valueAddress(field), request.valueLength(field));
            return since != Long.MIN_VALUE && file.lastModified() <= since;
        }
        return false;
    }

    /** If-Range (RFC 9110 section 13.1.5): the range applies only to the representation it names. */
    private boolean rangeApplies(StaticFile file) {
        int field = request.ifRange();
        if (field == HttpRequest.ABSENT) {
            return true;
        }
        long value = request.valueAddress(field);
        int length = request.valueLength(field);
        if (length > 0 && (getByte(value) == '"' || getByte(value) == 'W')) {
            return ETags.equalsStrong(value, length, file.etag());
        }
        long date = HttpDate.parse(value, length);
        return date != Long.MIN_VALUE && date == file.lastModified();
    }

    // ---- writing responses ----

    private boolean canRespond(TcpStream stream) {
        return stream.sendCopySpace() >= HEAD_SPACE && stream.sendReferenceSpace() >= 3;
    }

    /** An error or short answer with a plain-text body naming the status. */
    private boolean answerError(TcpStream stream, int status, byte[] extra, boolean headOnly, boolean keepAlive) {
        MemorySegment body = ERROR_BODIES[status];
        if (body == null) {
            return answer(stream, status, extra, null, 0, 0, headOnly, keepAlive);
        }
        return answer(stream, status, extra, TEXT_PLAIN, body.address(), body.byteSize(), headOnly, keepAlive);
    }

    /** Answers with {@code status} and closes the connection after it. Always returns false. */
    private boolean fail(TcpStream stream, int status) {
        return fail(stream, status, false);
    }

    /** The same for a request whose method is known: an answer to HEAD has no body (RFC 9110 9.3.2). */
    private boolean fail(TcpStream stream, int status, boolean headOnly) {
        answerError(stream, status, null, headOnly, false);
        return false;
    }

    private boolean answer(TcpStream stream, int status, byte[] extra, byte[] extra2, long body, long bodyLength,
                           boolean headOnly, boolean keepAlive) {
        head.begin(status);
        return answerWithHead(stream, status, head, extra, extra2, -2, -2, 0, body, bodyLength, headOnly, keepAlive);
    }

    /**
     * Finishes the head begun in {@code h} (adding Content-Range when {@code first > -2}), sends it and the
     * body, and closes the connection when it is not kept alive. Returns whether it stays open.
     */
    private boolean answerWithHead(TcpStream stream, int status, ResponseHead h, byte[] extra, byte[] extra2,
                                   long first, long last, long size, long body, long bodyLength,
                                   boolean headOnly, boolean keepAlive) {
        int slot = stream.slot();
        h.put(serverLine).put(date());
        if (!HttpStatus.bodiless(status)) {
            h.put(CONTENT_LENGTH).put(bodyLength).crlf();
        }
        if (extra != null) {
            h.put(extra);
        }
        if (extra2 != null) {
            h.put(extra2);
            if (first > -2) {
                if (first < 0) {
                    h.putByte('*');
                } else {
                    h.put(first).putByte('-').put(last);
                }
                h.putByte('/').put(size).crlf();
            }
        }
        if (!keepAlive) {
            h.put(CONNECTION_CLOSE);
        } else if (version[slot] == 10) {
            h.put(CONNECTION_KEEP_ALIVE);
        }
        h.crlf();
        stream.cork();
        if (stream.sendCopy(h.address(), h.length()) < h.length()) {
            // canRespond() left room for any head this server writes; a shortfall means the stream is closing.
            stream.abort();
            return false;
        }
        long sent = h.length();
        if (!headOnly && !HttpStatus.bodiless(status)) {
            for (long offset = 0; offset < bodyLength; ) {
                int chunk = (int) Math.min(bodyLength - offset, 1 << 30);
                stream.sendReference(body + offset, chunk);
                offset += chunk;
            }
            sent += bodyLength;
        }
        counters.responsesByClass[status / 100]++;
        counters.bytesSent += sent;
        if (log != null && status >= 200) {
            log.log(wallMillis.getAsLong(), stream.remoteAddress(), logMethod, version[slot], status, sent,
                    logTarget, logTargetLength, logTargetBytes);
        }
        if (!keepAlive) {
            phase[slot] = CLOSING;
            returnBuffer(slot);
            stream.close();
            return false;
        }
        stream.uncork();
        deadline[slot] = now + settings.keepAliveTimeoutNanos;
        return true;
    }

    private byte[] date() {
        long second = wallMillis.getAsLong() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            HttpDate.format(second, dateLine, 6);
        }
        return dateLine;
    }

    // ---- the buffer behind partial requests ----

    /** Adds received bytes to the connection's buffer, lending one if it has none. False if the connection ended. */
    private boolean append(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (buffer[slot] == 0) {
            if (spares == 0) {
                counters.overloaded++;
                fail(stream, 503);
                return false;
            }
            buffer[slot] = spareBuffers[--spares];
            buffered[slot] = 0;
        }
        if (buffered[slot] + length > bufferBytes) {
            // More than a whole head (or a pipeline far ahead of its answers): nothing legitimate sends this.
            counters.bufferOverflows++;
            if (phase[slot] == HEAD && !stalled[slot]) {
                fail(stream, 431);
            } else {
                stream.abort();
            }
            return false;
        }
        NativeMemory.copy(address, buffer[slot] + buffered[slot], length);
        buffered[slot] += length;
        stream.limitReceiveWindow(bufferBytes - buffered[slot]);
        return true;
    }

    /** Processes what the buffer holds, keeps what is left at its start, and gives it back once empty. */
    private void drainBuffer(TcpStream stream) {
        int slot = stream.slot();
        long base = buffer[slot];
        if (base == 0) {
            return;
        }
        int used = process(stream, base, buffered[slot]);
        if (!open[slot] || phase[slot] == CLOSING || buffer[slot] != base) {
            return;
        }
        int left = buffered[slot] - used;
        if (left > 0 && used > 0) {
            NativeMemory.copy(base + used, base, left);
        }
        buffered[slot] = left;
        if (left == 0) {
            returnBuffer(slot);
        } else {
            stream.limitReceiveWindow(bufferBytes - left);
        }
    }

    private void returnBuffer(int slot) {
        if (buffer[slot] != 0) {
            spareBuffers[spares++] = buffer[slot];
            buffer[slot] = 0;
            buffered[slot] = 0;
            if (open[slot] && streams[slot] != null) {
                streams[slot].limitReceiveWindow(Integer.MAX_VALUE);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
