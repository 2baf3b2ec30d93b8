package dev.lightpath.tls;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.openssl.OpenSslException;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

/**
 * One core's TLS termination for one listener: between TCP, whose handler it is, and the application above (the
 * HTTP server, unchanged), which sees each connection as a {@link TlsStream} of plaintext. The handshake and every
 * record run here, on the core that owns the connection, through that core's own {@code SSL_CTX}.
 *
 * <p>Received ciphertext goes into the connection's {@link TlsSession}; the plaintext it yields is handed up from
 * one scratch buffer, as TCP hands up bytes in an mbuf. What the application sends is encrypted into TCP's copy
 * buffer: a copy at once, a reference (a static body) record by record as TCP's buffer makes room, so a large
 * body never waits in a second buffer. Per-connection state lives in arrays indexed by the TCP slot, and the
 * record path allocates nothing.
 *
 * <p>At most {@code maxHandshakes} handshakes run at once on the core: a connection opened beyond them is reset
 * and counted. A connection that fails (garbage, a tampered or oversized record, a refused renegotiation that the
 * client then gives up on) gets the alert OpenSSL wrote, then FIN, and is counted under that alert.
 */
public final class TlsLayer implements StreamHandler {
    /** References a connection may have queued: a response's body and a few more. */
    static final int QUEUE = 4;
    /** What a record adds to its plaintext at most: header, explicit nonce or content type, tag (TLS 1.2 GCM: 29). */
    static final int RECORD_OVERHEAD = 32;
    static final int MAX_FRAGMENT = 16_384;
    /** Below this much room a body waits for more, rather than leave in small records. */
    static final int MIN_CHUNK = 4096;

    private static final byte FREE = 0;
    private static final byte HANDSHAKING = 1;
    private static final byte ESTABLISHED = 2;
    /** This side sent its close_notify (or gave up a handshake) and TCP is closing. */
    private static final byte CLOSING = 3;
    /** The session failed; its alert was sent and TCP is closing. */
    private static final byte FAILED = 4;

    /** Owned: closed when replaced or with the layer (an SSL_CTX lives on while connections made from it do). */
    private SslContext context;
    /** A context handed over by another thread ({@link #replaceContext}), taken by the worker in {@link #poll}. */
    private final ContextHandover replacement = new ContextHandover();
    private final StreamHandler above;
    /** The client's part; null for a server. */
    private final TlsClientRole client;
    private final int maxHandshakes;
    private final TlsCounters counters = new TlsCounters();
    private final TlsSession[] sessions;
    private final TlsStream[] streams;
    private final byte[] state;
    private final boolean[] aboveOpen;
    private final boolean[] aboveWantsSpace;
    private final boolean[] peerNotified;
    private final boolean[] closeAsked;
    private final boolean[] notifyQueued;
    private final long[] queueAddress;
    private final int[] queueLength;
    private final int[] queueHead;
    private final int[] queueCount;
    private final long plain;
    private final long cipher;
    /** Keeps the scratch buffers reachable for as long as the layer is. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final RecordBuffers scratch;

    /**
     * @param context       this core's server context, which the layer owns from now on
     * @param above         the application on top, handed a {@link TcpStream} of plaintext per connection
     * @param capacity      the TCP table's capacity (connection slots)
     * @param maxHandshakes handshakes this core runs at once
     */
    public TlsLayer(SslContext context, StreamHandler above, int capacity, int maxHandshakes) {
        this(context, above, capacity, maxHandshakes, null);
    }

    /**
     * The client's TLS for the connections {@code above} opens (a load generator's), with a context of its own
     * made from {@code settings}: each connection begins its handshake as TCP opens it, and {@code above} is told
     * of it ({@code onOpen}) once the handshake is complete. A connection that fails before is closed and told
     * only {@code onClosed}; {@link #client()} says why. {@code keys}: how many resumption keys (lanes) there are.
     */
    public static TlsLayer client(TlsClientSettings settings, StreamHandler above, int capacity, int keys) {
        return new TlsLayer(settings.newContext(), above, capacity, capacity,
                new TlsClientRole(settings, keys, capacity));
    }

    private TlsLayer(SslContext context, StreamHandler above, int capacity, int maxHandshakes, TlsClientRole client) {
        this.client = client;
        if (maxHandshakes < 1) {
            throw new IllegalArgumentException("maxHandshakes " + maxHandshakes + " < 1");
        }
        this.context = context;
        this.above = above;
        this.maxHandshakes = maxHandshakes;
        sessions = new TlsSession[capacity];
        streams = new TlsStream[capacity];
        state = new byte[capacity];
        aboveOpen = new boolean[capacity];
        aboveWantsSpace = new boolean[capacity];
        peerNotified = new boolean[capacity];
        closeAsked = new boolean[capacity];
        notifyQueued = new boolean[capacity];
        queueAddress = new long[capacity * QUEUE];
        queueLength = new int[capacity * QUEUE];
        queueHead = new int[capacity];
        queueCount = new int[capacity];
        scratch = new RecordBuffers();
        plain = scratch.plain;
        cipher = scratch.cipher;
    }

    /**
     * Serves new connections from {@code next} (a reloaded certificate), from the worker's next {@link #poll} on;
     * connections under way keep the context they were made from. Any thread may call it.
     */
    public void replaceContext(SslContext next) {
        replacement.offer(next);
    }

    /** Takes a context handed over by {@link #replaceContext}; returns 1 when it did, 0 otherwise. */
    public int poll() {
        SslContext next = replacement.take();
        if (next == null) {
            return 0;
        }
        SslContext old = context;
        context = next;
        old.close(); // OpenSSL counts references: the sessions made from it keep it until they are freed
        counters.contextsReplaced++;
        return 1;
    }

    /** Frees the context, and one handed over and never taken; after the engine has stopped. */
    public void close() {
        if (client != null) {
            client.close();
        }
        context.close();
        replacement.close();
    }

    public TlsCounters counters() {
        return counters;
    }

    /** The client's part, or null for a server's layer. */
    public TlsClientRole client() {
        return client;
    }

    public void forEach(CounterVisitor visitor) {
        counters.forEach(visitor);
        if (client != null) {
            client.forEach(visitor);
        }
    }

    // ---- TCP events ----

    @Override
    public void onOpen(TcpStream tcp) {
        int slot = tcp.slot();
        state[slot] = FREE;
        if (counters.handshakesInProgress >= maxHandshakes) {
            counters.handshakesDropped++;
            tcp.abort();
            return;
        }
        TlsSession session;
        try {
            session = client == null ? TlsSession.server(context) : client.begin(context, slot);
        } catch (OpenSslException e) {
            counters.handshakesDropped++; // out of native memory: the same answer as too many handshakes
            tcp.abort();
            return;
        }
        sessions[slot] = session;
        state[slot] = HANDSHAKING;
        counters.handshakesInProgress++;
        counters.handshakesStarted++;
        aboveWantsSpace[slot] = false;
        peerNotified[slot] = false;
        closeAsked[slot] = false;
        notifyQueued[slot] = false;
        queueHead[slot] = 0;
        queueCount[slot] = 0;
        TlsStream stream = streams[slot];
        if (stream == null) {
            stream = new TlsStream(this, slot);
            streams[slot] = stream;
        }
        stream.tcp = tcp;
        aboveOpen[slot] = true;
        if (client == null) {
            // Told at once, so that the application's request timeout bounds the handshake too.
            above.onOpen(stream);
        } else {
            handshake(slot, session); // the ClientHello; the application hears of the connection once it is up
        }
    }

    @Override
    public void onData(TcpStream tcp, long address, int length) {
        int slot = tcp.slot();
        byte s = state[slot];
        if (s != HANDSHAKING && s != ESTABLISHED) {
            return; // after a failure or this side's close: nothing more is read
        }
        TlsSession session = sessions[slot];
        session.receive(address, length);
        if (s == HANDSHAKING && !handshake(slot, session)) {
            return;
        }
        readPlaintext(slot, session);
    }

    @Override
    public void onSendSpace(TcpStream tcp) {
        int slot = tcp.slot();
        TlsSession session = sessions[slot];
        if (state[slot] == HANDSHAKING) {
            flush(slot, session);
        } else if (state[slot] == ESTABLISHED) {
            pump(slot);
            if (state[slot] == ESTABLISHED && aboveWantsSpace[slot] && queueCount[slot] == 0 && !closeAsked[slot]) {
                aboveWantsSpace[slot] = false;
                above.onSendSpace(streams[slot]);
            }
        }
    }

    @Override
    public void onPeerClosed(TcpStream tcp) {
        int slot = tcp.slot();
        if (state[slot] == HANDSHAKING) {
            close(slot); // the client gave up before the handshake ended
        } else if (state[slot] == ESTABLISHED && !peerNotified[slot]) {
            peerNotified[slot] = true;
            above.onPeerClosed(streams[slot]);
        }
    }

    @Override
    public void onClosed(TcpStream tcp, CloseReason reason) {
        int slot = tcp.slot();
        if (state[slot] == HANDSHAKING) {
            counters.handshakesInProgress--;
            counters.handshakesAbandoned++; // reset, timed out or aborted by the application mid-handshake
        }
        state[slot] = FREE;
        queueCount[slot] = 0;
        TlsSession session = sessions[slot];
        sessions[slot] = null;
        if (session != null) {
            if (client != null) {
                client.ended(slot, session);
            }
            session.close();
        }
        if (aboveOpen[slot]) {
            aboveOpen[slot] = false;
            above.onClosed(streams[slot], reason);
        } else if (client != null) {
            above.onClosed(tcp, reason); // never opened (refused, unanswered): the client began it and must hear
        }
    }

    // ---- receiving ----

    /** Advances the handshake; true once it is complete. */
    private boolean handshake(int slot, TlsSession session) {
        int result = session.handshake();
        if (result == TlsSession.FAILED) {
            fail(slot, session);
            return false;
        }
        flush(slot, session);
        if (result != 1) {
            return false;
        }
        state[slot] = ESTABLISHED;
        counters.handshakesInProgress--;
        counters.handshakesCompleted++;
        if (session.isResumed()) {
            counters.resumptions++;
        }
        if (client != null) {
            above.onOpen(streams[slot]);
        }
        return true;
    }

    /** Hands every whole record's plaintext up, until the session needs more input, closes or fails. */
    private void readPlaintext(int slot, TlsSession session) {
        TlsStream stream = streams[slot];
        while (state[slot] == ESTABLISHED && sessions[slot] == session) {
            int n = session.read(plain, MAX_FRAGMENT);
            if (n > 0) {
                counters.bytesDecrypted += n;
                above.onData(stream, plain, n);
            } else if (n == TlsSession.NEED_INPUT) {
                break;
            } else if (n == TlsSession.CLOSED) {
                if (!peerNotified[slot]) {
                    peerNotified[slot] = true;
                    above.onPeerClosed(stream);
                }
                break;
            } else {
                fail(slot, session);
                return;
            }
        }
        if (state[slot] == ESTABLISHED && sessions[slot] == session) {
            flush(slot, session); // what reading wrote: a refusal to renegotiate, a key update
        }
    }

    /** Sends the alert OpenSSL wrote, counts the failure under it, and closes. */
    private void fail(int slot, TlsSession session) {
        TcpStream tcp = streams[slot].tcp;
        int clearAlert = -1;
        int pending = session.pendingCiphertext();
        while (pending > 0) {
            int n = session.takeCiphertext(cipher, Math.min(pending, RecordBuffers.CIPHER_BUFFER));
            if (n <= 0) {
                break;
            }
            pending -= n;
            if (pending == 0) {
                clearAlert = TlsAlerts.clearAlertAtEnd(cipher, n);
            }
            tcp.sendCopy(cipher, n); // what finds no room is lost: the connection is ending anyway
        }
        counters.failuresByAlert[TlsAlerts.of(clearAlert, session.failureCode())]++;
        if (client != null) {
            client.failed(slot, session);
        }
        if (state[slot] == HANDSHAKING) {
            counters.handshakesInProgress--;
        }
        state[slot] = FAILED;
        tcp.close();
    }

    // ---- sending ----

    int sendCopy(int slot, long address, int length) {
        if (state[slot] != ESTABLISHED || closeAsked[slot]) {
            return length; // the connection is ending: what is written now is dropped, not refused
        }
        if (queueCount[slot] > 0) {
            pump(slot);
            if (queueCount[slot] > 0) {
                return 0;
            }
        }
        TlsSession session = sessions[slot];
        int taken = 0;
        while (taken < length) {
            int n = session.write(address + taken, length - taken);
            if (n <= 0) {
                fail(slot, session);
                return taken;
            }
            taken += n;
            counters.bytesEncrypted += n;
        }
        flush(slot, session);
        return taken;
    }

    boolean sendReference(int slot, long address, int length) {
        if (state[slot] != ESTABLISHED || closeAsked[slot]) {
            return true; // as sendCopy: dropped
        }
        if (queueCount[slot] == QUEUE) {
            return false;
        }
        int i = slot * QUEUE + (queueHead[slot] + queueCount[slot]) % QUEUE;
        queueAddress[i] = address;
        queueLength[i] = length;
        queueCount[slot]++;
        pump(slot);
        return true;
    }

    /** Room for plaintext copies: none while references wait (they go first), else TCP's less the records' overhead. */
    int sendCopySpace(int slot) {
        if (state[slot] != ESTABLISHED || closeAsked[slot] || queueCount[slot] > 0
                || sessions[slot].pendingCiphertext() > 0) {
            return 0;
        }
        int room = streams[slot].tcp.sendCopySpace();
        return Math.max(0, room - RECORD_OVERHEAD * (1 + room / MAX_FRAGMENT));
    }

    int sendReferenceSpace(int slot) {
        return state[slot] != ESTABLISHED || closeAsked[slot] ? 0 : QUEUE - queueCount[slot];
    }

    void wantSendSpace(int slot) {
        aboveWantsSpace[slot] = true;
        streams[slot].tcp.wantSendSpace();
    }

    /** The application is done: {@code close_notify} once what it queued is encrypted and handed to TCP, then FIN. */
    void close(int slot) {
        switch (state[slot]) {
            case HANDSHAKING -> {
                counters.handshakesInProgress--;
                counters.handshakesAbandoned++;
                state[slot] = CLOSING;
                streams[slot].tcp.close();
            }
            case ESTABLISHED -> {
                closeAsked[slot] = true;
                pump(slot);
            }
            default -> {
                // closing already
            }
        }
    }

    /**
     * Encrypts queued references into TCP's copy buffer while it has room for a worthwhile record, and asks TCP
     * for room when it has not; then finishes a close that was asked for.
     */
    private void pump(int slot) {
        TlsSession session = sessions[slot];
        TcpStream tcp = streams[slot].tcp;
        while (true) {
            if (!flush(slot, session)) {
                return;
            }
            if (queueCount[slot] == 0) {
                break;
            }
            int i = slot * QUEUE + queueHead[slot];
            int wanted = Math.min(queueLength[i], MAX_FRAGMENT);
            int chunk = Math.min(wanted, tcp.sendCopySpace() - RECORD_OVERHEAD);
            if (chunk < Math.min(wanted, MIN_CHUNK)) {
                tcp.wantSendSpace();
                return;
            }
            int n = session.write(queueAddress[i], chunk);
            if (n <= 0) {
                fail(slot, session);
                return;
            }
            counters.bytesEncrypted += n;
            queueAddress[i] += n;
            queueLength[i] -= n;
            if (queueLength[i] == 0) {
                queueHead[slot] = (queueHead[slot] + 1) % QUEUE;
                queueCount[slot]--;
            }
        }
        if (closeAsked[slot]) {
            if (!notifyQueued[slot]) {
                notifyQueued[slot] = true;
                session.closeOutbound();
                if (!flush(slot, session)) {
                    return;
                }
            }
            state[slot] = CLOSING;
            tcp.close();
        }
    }

    /** Moves the records waiting in the session into TCP's copy buffer; false (TCP asked for room) when some wait. */
    private boolean flush(int slot, TlsSession session) {
        TcpStream tcp = streams[slot].tcp;
        int pending = session.pendingCiphertext();
        while (pending > 0) {
            int room = tcp.sendCopySpace();
            if (room <= 0) {
                tcp.wantSendSpace();
                return false;
            }
            int n = session.takeCiphertext(cipher, Math.min(Math.min(pending, room), RecordBuffers.CIPHER_BUFFER));
            if (n <= 0) {
                break;
            }
            tcp.sendCopy(cipher, n);
            pending -= n;
        }
        return true;
    }
}
