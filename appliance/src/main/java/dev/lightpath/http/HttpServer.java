package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.util.function.LongSupplier;

import static dev.lightpath.http.RequestPhase.CLOSING;
import static dev.lightpath.http.RequestPhase.HEAD;
import static dev.lightpath.http.RequestPhase.WAIT;

/**
 * One core's HTTP/1.1 server (RFC 9110, RFC 9112) over its TCP connections: what happens on each TCP event, how
 * each request is answered, and the timers. Requests are read in place in the receive mbufs by the
 * {@link RequestReader}; only a request split across segments, or arriving while an answer is held, is gathered,
 * in a buffer lent for as long as it needs one ({@link RequestBuffers}). Responses are written by the
 * {@link ResponseWriter} (static files by the {@link StaticFileResponder}) as a head copied into TCP's send buffer
 * and a body sent by reference from memory prepared at start, in the order requests arrived (pipelining). Every
 * connection's state lives in arrays indexed by its TCP slot ({@link Connections}), so nothing is allocated per
 * connection or per request.
 *
 * <p>A connection is in one {@link RequestPhase} at a time: reading a head, skipping or counting a body (by length
 * or chunked), waiting for a delayed response ({@link HeldResponses}), or closing. While it waits, or while TCP's
 * send queue has no room for another response, what arrives is buffered and its window narrowed, and reading
 * resumes when the response leaves or room opens.
 */
public final class HttpServer implements StreamHandler {
    private static final long SWEEP_NANOS = 10_000_000L;

    private final HttpSettings settings;
    private final Routes routes;
    private final HttpCounters counters = new HttpCounters();
    private final LoggedRequest logged;
    private final ResponseWriter writer;
    private final StaticFileResponder files;
    private final HeldResponses held;
    private final RequestBuffers buffers;
    private final Connections connections;
    private final RequestReader reader;
    private final byte[] path;
    private final TcpStream[] streams;
    private final byte[] phase;
    private final boolean[] open;
    private final boolean[] stalled;
    private final boolean[] partial;
    private final long[] deadline;
    private final byte[] version;

    private int openConnections;
    private boolean draining;
    private boolean closeIdlePending;
    private long nextSweep;
    private int sweepCursor;

    /**
     * The wall clock every server in the process reads. One instance on purpose: each {@code System::currentTimeMillis}
     * written in the source is a class of its own, and a server built with one (the JIT warm-up's) then served with
     * another (the worker's) leaves {@code Date}'s call site with two profiles, which C2 compiles as a type check that
     * fails once a second in the running worker, each time throwing away the compiled response path.
     */
    public static final LongSupplier SYSTEM_WALL_MILLIS = System::currentTimeMillis;

    /**
     * @param capacity   the TCP table's capacity (connection slots)
     * @param wallMillis the wall clock, for {@code Date}
     */
    public HttpServer(HttpSettings settings, Routes routes, int capacity, LongSupplier wallMillis) {
        this.settings = settings;
        this.routes = routes;
        this.logged = new LoggedRequest(wallMillis);
        this.writer = new ResponseWriter(settings.serverName, counters, logged, wallMillis);
        this.files = new StaticFileResponder(writer);
        this.held = new HeldResponses(capacity);
        this.buffers = new RequestBuffers(settings.buffers, settings.maxHead + 4096, capacity);
        this.connections = new Connections(capacity);
        this.reader = new RequestReader(this, connections, settings, counters, logged);
        this.path = new byte[settings.maxRequestLine];
        this.streams = connections.streams;
        this.phase = connections.phase;
        this.open = connections.open;
        this.stalled = connections.stalled;
        this.partial = connections.partial;
        this.deadline = connections.deadline;
        this.version = connections.version;
    }

    /** Logs every answered request into {@code core}'s ring of the access log. */
    public void logTo(RequestLog.Core core) {
        logged.logTo(core, streams.length);
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
        return buffers.spareCount();
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
            if (open[slot] && phase[slot] == HEAD && !partial[slot] && !stalled[slot] && buffers.length(slot) == 0
                    && held.route(slot) == null) {
                counters.keepAliveClosed++;
                phase[slot] = CLOSING;
                streams[slot].close();
            }
        }
    }

    // ---- TCP events ----

    @Override
    public void onOpen(TcpStream stream) {
        connections.opened(stream, settings.requestTimeoutNanos);
        reader.opened(stream.slot());
        held.release(stream.slot());
        openConnections++;
        counters.connections++;
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (phase[slot] == CLOSING) {
            return;
        }
        if (buffers.length(slot) > 0 || phase[slot] == WAIT || stalled[slot]) {
            if (append(stream, address, length)) {
                drainBuffer(stream);
            }
            return;
        }
        int used = reader.process(stream, address, length);
        if (used < length && open[slot] && phase[slot] != CLOSING) {
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
        if (phase[slot] != WAIT && !stalled[slot] && buffers.length(slot) == 0 && held.route(slot) == null) {
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
        held.release(slot);
        streams[slot] = null;
        openConnections--;
    }

    // ---- timers ----

    /**
     * The time of the frames about to be delivered: deadlines and delays started from them count from it.
     * {@link #poll} sets it too; without this call they would count from the last poll.
     */
    public void timeIs(long nowNanos) {
        connections.now = nowNanos;
    }

    /** Runs timers: delayed responses that are due, and request and keep-alive timeouts. */
    public int poll(long nowNanos) {
        connections.now = nowNanos;
        if (closeIdlePending) {
            closeIdlePending = false;
            closeIdle();
        }
        int work = sendDue(nowNanos);
        if (nowNanos - nextSweep >= 0) {
            nextSweep = nowNanos + SWEEP_NANOS;
            work += sweep(nowNanos);
        }
        return work;
    }

    /** Sends the held answers whose delay is over, when TCP has room for them; returns how many. */
    private int sendDue(long nowNanos) {
        int sent = 0;
        for (int i = 0; i < held.waitingCount(); ) {
            int slot = held.waitingSlot(i);
            if (!open[slot] || phase[slot] != WAIT) {
                held.stopWaiting(i);
            } else if (held.due(slot, nowNanos) && ResponseWriter.canRespond(streams[slot])) {
                held.stopWaiting(i);
                phase[slot] = HEAD;
                sent++;
                TcpStream stream = streams[slot];
                if (sendHeld(stream)) {
                    if (buffers.length(slot) > 0) {
                        drainBuffer(stream);
                    }
                    closeIfPeerDone(stream);
                }
            } else {
                i++;
            }
        }
        return sent;
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
                logged.forget();
                if (ResponseWriter.canRespond(stream)) {
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

    // ---- answering requests ----

    /** Answers the request just parsed, or arranges to; returns false once the connection is closing. */
    boolean answer(TcpStream stream) {
        int slot = stream.slot();
        HttpRequest r = reader.request();
        counters.requests++;
        connections.served[slot]++;
        version[slot] = (byte) r.version();
        boolean keepAlive = r.keepAlive() && !draining
                && (settings.maxRequestsPerConnection == 0 || connections.served[slot] < settings.maxRequestsPerConnection);
        boolean headOnly = r.method() == HttpMethod.HEAD;
        logged.parsed(r);
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
        boolean open;
        try {
            open = answerRoute(stream, routes.match(path, n), n, headOnly, keepAlive, hasBody);
        } catch (RuntimeException e) {
            if (NativeMemory.CHECKED && e instanceof IndexOutOfBoundsException) {
                throw e; // checked mode caught an access outside its buffer: a bug to fail on, not a 500
            }
            // A route that fails answers 500 and closes: the connection's state is not to be trusted after it.
            counters.routeFailures++;
            return fail(stream, 500);
        }
        if (open && hasBody) {
            reader.startBody(slot, r.chunked(), length);
        }
        return open && (hasBody || held.route(slot) == null || bodyDone(stream));
    }

    /** Answers by the route matched (null for none), or holds the answer; returns false once the connection is closing. */
    private boolean answerRoute(TcpStream stream, Route route, int pathLength, boolean headOnly, boolean keepAlive,
                                boolean hasBody) {
        int slot = stream.slot();
        int v = version[slot];
        HttpRequest r = reader.request();
        // A refusal sent before a body the client holds back for 100 Continue leaves unknown whether that body
        // will follow: the connection ends after it.
        boolean keepAfterRefusal = keepAlive && !(hasBody && r.expectContinue());
        if (route == null) {
            return answered(stream, writer.error(stream, v, 404, null, headOnly, keepAfterRefusal), keepAfterRefusal);
        }
        if (!route.admits(r)) {
            return answered(stream, writer.error(stream, v, 401, route.challengeHeader, headOnly, keepAfterRefusal),
                    keepAfterRefusal);
        }
        if (r.method() == HttpMethod.OPTIONS) {
            return answered(stream, writer.answer(stream, v, 204, route.allowHeader, null, 0, 0, true, keepAlive),
                    keepAlive);
        }
        if ((route.methods & HttpMethod.bit(r.method())) == 0) {
            return answered(stream, writer.error(stream, v, 405, route.allowHeader, headOnly, keepAfterRefusal),
                    keepAfterRefusal);
        }
        if (route.kind == Route.Kind.SINK || route.delayNanos > 0) {
            // Answered once the body is in (a sink's status says it was taken) and the delay has passed.
            held.hold(slot, route, keepAlive, headOnly);
            logged.hold(slot, r);
            if (hasBody && r.expectContinue()) {
                writer.sendContinue(stream);
            }
            return true;
        }
        if (route.kind == Route.Kind.STATIC) {
            return answered(stream, files.respond(stream, v, r, route, path, pathLength, headOnly, keepAfterRefusal),
                    keepAfterRefusal);
        }
        return answered(stream, writer.answer(stream, v, route.status, route.headers, null, route.bodyAddress,
                route.body.length, headOnly, keepAlive), keepAlive);
    }

    /** The body has been read: send the answer that waited for it, or start its delay. */
    boolean bodyDone(TcpStream stream) {
        int slot = stream.slot();
        phase[slot] = HEAD;
        partial[slot] = false;
        Route route = held.route(slot);
        if (route == null) {
            return true;
        }
        if (route.delayNanos > 0) {
            phase[slot] = WAIT;
            held.delay(slot, connections.now + route.delayNanos);
            return true;
        }
        return sendHeld(stream);
    }

    private boolean sendHeld(TcpStream stream) {
        int slot = stream.slot();
        Route route = held.route(slot);
        held.release(slot);
        logged.releaseHeld(slot);
        boolean keepAlive = held.keepAlive(slot);
        return answered(stream, writer.answer(stream, version[slot], route.status, route.headers, null,
                route.bodyAddress, route.body.length, held.headOnly(slot), keepAlive), keepAlive);
    }

    // ---- after an answer ----

    /**
     * What follows an answer written ({@code sent}) or not (the stream was aborted): a connection kept alive
     * waits for its next request; any other closes. Returns whether it stays open.
     */
    private boolean answered(TcpStream stream, boolean sent, boolean keepAlive) {
        if (!sent) {
            return false;
        }
        int slot = stream.slot();
        if (!keepAlive) {
            phase[slot] = CLOSING;
            returnBuffer(slot);
            stream.close();
            return false;
        }
        stream.uncork();
        deadline[slot] = connections.now + settings.keepAliveTimeoutNanos;
        return true;
    }

    /** Answers with {@code status} and closes the connection after it. Always returns false. */
    boolean fail(TcpStream stream, int status) {
        return fail(stream, status, false);
    }

    /** The same for a request whose method is known: an answer to HEAD has no body (RFC 9110 9.3.2). */
    private boolean fail(TcpStream stream, int status, boolean headOnly) {
        answered(stream, writer.error(stream, version[stream.slot()], status, null, headOnly, false), false);
        return false;
    }

    // ---- the buffer behind partial requests ----

    /** Adds received bytes to the connection's buffer, lending one if it has none. False if the connection ended. */
    private boolean append(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (!buffers.lend(slot)) {
            counters.overloaded++;
            fail(stream, 503);
            return false;
        }
        if (!buffers.fits(slot, length)) {
            // More than a whole head (or a pipeline far ahead of its answers): nothing legitimate sends this.
            counters.bufferOverflows++;
            if (phase[slot] == HEAD && !stalled[slot]) {
                fail(stream, 431);
            } else {
                stream.abort();
            }
            return false;
        }
        stream.limitReceiveWindow(buffers.append(slot, address, length));
        return true;
    }

    /** Processes what the buffer holds, keeps what is left at its start, and gives it back once empty. */
    private void drainBuffer(TcpStream stream) {
        int slot = stream.slot();
        long base = buffers.address(slot);
        if (base == 0) {
            return;
        }
        int used = reader.process(stream, base, buffers.length(slot));
        if (!open[slot] || phase[slot] == CLOSING || buffers.address(slot) != base) {
            return;
        }
        int left = buffers.consumed(slot, used);
        if (left == 0) {
            returnBuffer(slot);
        } else {
            stream.limitReceiveWindow(buffers.size() - left);
        }
    }

    private void returnBuffer(int slot) {
        if (buffers.giveBack(slot) && open[slot] && streams[slot] != null) {
            streams[slot].limitReceiveWindow(Integer.MAX_VALUE);
        }
    }
}
