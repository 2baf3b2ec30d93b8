package dev.lightpath.warmup;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.tls.TlsSession;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * HTTPS clients for the JIT warm-up: a few lanes, each opening a TLS connection, sending a batch of pipelined
 * requests (the last asks the server to close), reading every record until the server's {@code close_notify}
 * and FIN, and opening the next; so the server's handshake, both record directions, its {@code close_notify}
 * and its close run again and again. What the responses hold is not read: the server's counters say what was
 * served. Runs on the client stack's worker only.
 */
final class TlsWarmUpClient implements StreamHandler {
    private static final int SCRATCH = 64 * 1024;
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 40_000;

    private final TcpStack tcp;
    private final SslContext context;
    private final int serverAddress;
    private final int serverPort;
    private final int clientAddress;
    private final java.util.List<String> alpn;
    private final TlsSession[] sessions;
    private final boolean[] requestSent;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment requests;
    private final MemorySegment scratch;
    private int nextPort;
    private int open;
    private int toOpen;
    private boolean running = true;
    private long connectionsCompleted;
    private long failures;

    /**
     * @param context  a client context of the warm-up's own (nothing verified: the server is the warm-up's)
     * @param paths    what each connection asks for, in order; the last request carries {@code Connection: close}
     * @param alpn     the protocols to offer (the server's own, so its ALPN callback runs as for real clients)
     */
    TlsWarmUpClient(TcpStack tcp, SslContext context, int serverAddress, int serverPort, int clientAddress,
                    int lanes, java.util.List<String> paths, java.util.List<String> alpn) {
        this.tcp = tcp;
        this.context = context;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
        this.clientAddress = clientAddress;
        this.alpn = alpn;
        sessions = new TlsSession[tcp.config().tableCapacity];
        requestSent = new boolean[sessions.length];
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            batch.append("GET ").append(paths.get(i)).append(" HTTP/1.1\r\nHost: warm-up.invalid\r\n")
                    .append(i == paths.size() - 1 ? "Connection: close\r\n" : "").append("\r\n");
        }
        byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
        requests = NativeRegions.register(arena.allocate(bytes.length), this);
        MemorySegment.copy(bytes, 0, requests, ValueLayout.JAVA_BYTE, 0, bytes.length);
        scratch = NativeRegions.register(arena.allocate(SCRATCH), this);
        toOpen = lanes;
    }

    /** Opens the lanes' next connections; on the client's worker, each duty cycle. */
    int poll() {
        int work = 0;
        while (running && toOpen > 0) {
            int port = FIRST_PORT + nextPort;
            nextPort = (nextPort + 1) % PORTS;
            if (tcp.connect(serverAddress, serverPort, clientAddress, port, this) == null) {
                break; // the table is full for now: the next cycle tries again
            }
            toOpen--;
            open++;
            work++;
        }
        return work;
    }

    /** Opens nothing more; the connections under way finish. */
    void stop() {
        running = false;
    }

    boolean finished() {
        return !running && open == 0;
    }

    /** Connections that ended with the server's {@code close_notify}: a handshake and a batch of responses each. */
    long connectionsCompleted() {
        return connectionsCompleted;
    }

    long failures() {
        return failures;
    }

    /** Sessions not yet freed: none once every connection has closed. */
    int sessionsOpen() {
        int n = 0;
        for (TlsSession session : sessions) {
            n += session == null ? 0 : 1;
        }
        return n;
    }

    @Override
    public void onOpen(TcpStream stream) {
        TlsSession session = TlsSession.client(context, null);
        if (!alpn.isEmpty()) {
            session.offerAlpn(alpn);
        }
        sessions[stream.slot()] = session;
        requestSent[stream.slot()] = false;
        session.handshake(); // writes the ClientHello
        flush(stream, session);
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        TlsSession session = sessions[stream.slot()];
        if (session == null) {
            return;
        }
        session.receive(address, length);
        if (!session.isEstablished()) {
            int result = session.handshake();
            if (result == TlsSession.FAILED) {
                fail(stream);
                return;
            }
            flush(stream, session);
            if (result != 1) {
                return;
            }
        }
        if (!requestSent[stream.slot()]) {
            requestSent[stream.slot()] = true;
            if (session.write(requests.address(), (int) requests.byteSize()) <= 0) {
                fail(stream);
                return;
            }
            flush(stream, session);
        }
        while (true) {
            int n = session.read(scratch.address(), SCRATCH);
            if (n == TlsSession.CLOSED) {
                connectionsCompleted++;
                session.closeOutbound();
                flush(stream, session);
                stream.close();
                return;
            }
            if (n == TlsSession.FAILED) {
                fail(stream);
                return;
            }
            if (n <= 0) {
                return;
            }
        }
    }

    private void fail(TcpStream stream) {
        failures++;
        stream.abort();
    }

    private void flush(TcpStream stream, TlsSession session) {
        while (session.pendingCiphertext() > 0) {
            int room = stream.sendCopySpace();
            if (room <= 0) {
                stream.wantSendSpace();
                return;
            }
            int n = session.takeCiphertext(scratch.address(), Math.min(room, SCRATCH));
            if (n <= 0) {
                return;
            }
            stream.sendCopy(scratch.address(), n);
        }
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        TlsSession session = sessions[stream.slot()];
        if (session != null) {
            flush(stream, session);
        }
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        stream.close();
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        TlsSession session = sessions[stream.slot()];
        sessions[stream.slot()] = null;
        if (session != null) {
            session.close();
        }
        open--; // opened or not (a lost SYN's timeout), each connection is closed once
        if (running) {
            toOpen++;
        }
    }

    /** Frees the scratch memory; after every connection has closed. */
    void close() {
        NativeRegions.unregister(this);
        arena.close();
    }
}
