package dev.lightpath.bench.tls;

import dev.lightpath.bench.OperationsPerSecond;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.tls.TlsSession;
import org.openjdk.jmh.annotations.*;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Full TLS 1.3 handshakes per second, client and server in one thread: each operation creates a client and a
 * server connection, passes their records between them until both have finished, and frees them. The server
 * signs with ECDSA P-256 (a certificate made by {@code openssl req} into a temporary directory at setup); the key
 * exchange is each library's first default group (X25519 for both); the client verifies the chain; neither
 * resumes. Both servers send one session ticket, which the client leaves unread.
 *
 * <p>One operation is therefore both ends' work: a client's and a server's share of a handshake each.
 */
@State(Scope.Thread)
public class TlsHandshakeBenchmark extends OperationsPerSecond {
    static final int BUFFER = 64 * 1024;

    private OpenSslContexts contexts;
    private final Arena arena = Arena.ofShared();
    private MemorySegment wire;

    private JdkTlsContexts jdk;
    private final ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer toClient = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer scratch = ByteBuffer.allocate(BUFFER);

    @Setup
    public void setUp() throws IOException {
        contexts = new OpenSslContexts();
        wire = arena.allocate(BUFFER);
        jdk = new JdkTlsContexts(contexts.certificate);
        String openssl = handshakeOpenSsl();
        String java = handshakeJdk();
        if (!openssl.equals(java)) {
            throw new IllegalStateException("the two did not agree: OpenSSL " + openssl + ", JDK " + java);
        }
        System.out.println("\nnegotiated by both: " + openssl + " (" + LibSsl.version() + ")");
    }

    @TearDown
    public void tearDown() throws IOException {
        contexts.close();
        arena.close();
    }

    @Benchmark
    public int openssl() {
        try (TlsSession server = TlsSession.server(contexts.server);
             TlsSession client = TlsSession.client(contexts.client, null)) {
            handshake(client, server);
            return server.protocolVersion();
        }
    }

    @Benchmark
    public SSLEngine jdk() throws SSLException {
        SSLEngine client = jdk.clientEngine();
        SSLEngine server = jdk.serverEngine();
        toServer.clear();
        toClient.clear();
        JdkTlsContexts.handshake(client, server, toServer, toClient, scratch);
        return server;
    }

    private void handshake(TlsSession client, TlsSession server) {
        for (int round = 0; round < 10; round++) {
            client.handshake();
            pump(client, server);
            server.handshake();
            pump(server, client);
            if (client.isEstablished() && server.isEstablished()) {
                return;
            }
        }
        throw new IllegalStateException("the OpenSSL handshake did not finish: " + client.failureReason()
                + " / " + server.failureReason());
    }

    private void pump(TlsSession from, TlsSession to) {
        int n;
        while ((n = from.takeCiphertext(wire.address(), BUFFER)) > 0) {
            to.receive(wire.address(), n);
        }
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384", or what OpenSSL negotiated instead. */
    private String handshakeOpenSsl() {
        try (TlsSession server = TlsSession.server(contexts.server);
             TlsSession client = TlsSession.client(contexts.client, null)) {
            handshake(client, server);
            return (server.protocolVersion() == LibSsl.TLS1_3_VERSION ? "TLSv1.3 " : "not TLS 1.3 ")
                    + server.cipherSuite();
        }
    }

    private String handshakeJdk() throws SSLException {
        SSLEngine server = jdk();
        return server.getSession().getProtocol() + " " + server.getSession().getCipherSuite();
    }
}
