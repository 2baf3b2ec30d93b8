package dev.lightpath.bench.tls;

import dev.lightpath.bench.OperationsPerSecond;
import dev.lightpath.tls.TlsSession;
import org.openjdk.jmh.annotations.*;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Records per second over an established TLS 1.3 connection, client and server in one thread: each operation
 * has the server encrypt {@code size} bytes of plaintext into one record and the client decrypt it, the
 * record passed between them in memory. The suite is what both negotiate by default (TLS_AES_256_GCM_SHA384).
 *
 * <p>OpenSSL reads and writes native buffers, as the engine's would be mbufs; the JDK's engines use heap
 * buffers, their fastest case (direct buffers cost it a copy more).
 */
@State(Scope.Thread)
public class TlsRecordBenchmark extends OperationsPerSecond {
    static final int BUFFER = 64 * 1024;

    @Param({"1024", "16384"})
    public int size;

    /**
     * OpenSSL's {@code SSL_MODE_RELEASE_BUFFERS}, which the engine sets: each record here finds its session idle,
     * so its buffers are taken from malloc and given back every time, the most this mode can cost.
     */
    @Param({"true", "false"})
    public boolean releaseBuffers;

    private OpenSslContexts contexts;
    private final Arena arena = Arena.ofShared();
    private MemorySegment payload;
    private MemorySegment wire;
    private MemorySegment plain;
    private TlsSession server;
    private TlsSession client;

    private SSLEngine jdkServer;
    private SSLEngine jdkClient;
    private final ByteBuffer jdkPayload = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer toClient = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer jdkPlain = ByteBuffer.allocate(BUFFER);

    @Setup
    public void setUp() throws IOException {
        contexts = new OpenSslContexts();
        contexts.server.releaseBuffers(releaseBuffers);
        contexts.client.releaseBuffers(releaseBuffers);
        payload = arena.allocate(BUFFER);
        wire = arena.allocate(BUFFER);
        plain = arena.allocate(BUFFER);
        for (int i = 0; i < BUFFER; i++) {
            payload.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
            jdkPayload.put(i, (byte) i);
        }
        server = TlsSession.server(contexts.server);
        client = TlsSession.client(contexts.client, null);
        for (int round = 0; round < 10 && !(client.isEstablished() && server.isEstablished()); round++) {
            client.handshake();
            pump(client, server);
            server.handshake();
            pump(server, client);
        }
        if (!client.isEstablished() || !server.isEstablished()) {
            throw new IllegalStateException("OpenSSL handshake: " + client.failureReason());
        }

        JdkTlsContexts jdk = new JdkTlsContexts(contexts.certificate);
        jdkClient = jdk.clientEngine();
        jdkServer = jdk.serverEngine();
        JdkTlsContexts.handshake(jdkClient, jdkServer, toServer, toClient, jdkPlain);
        // The server's session ticket is on its way: the client must read it, or the records' sequence breaks.
        toClient.flip();
        while (toClient.hasRemaining()) {
            jdkPlain.clear();
            jdkClient.unwrap(toClient, jdkPlain);
        }
        if (!server.cipherSuite().equals(jdkServer.getSession().getCipherSuite())) {
            throw new IllegalStateException("suites differ: OpenSSL " + server.cipherSuite() + ", JDK "
                    + jdkServer.getSession().getCipherSuite());
        }
        // OpenSSL's client reads its ticket with the first record: here, outside the figures.
        if (openssl() != size || jdk() != size) {
            throw new IllegalStateException("a record did not arrive whole");
        }
        System.out.println("\nsuite: " + server.cipherSuite() + ", " + size + " bytes on the wire: OpenSSL "
                + ciphertextLength() + ", JDK " + jdkRecords());
    }

    @TearDown
    public void tearDown() throws IOException {
        server.close();
        client.close();
        contexts.close();
        arena.close();
    }

    @Benchmark
    public int openssl() {
        if (server.write(payload.address(), size) != size) {
            throw new IllegalStateException("OpenSSL took part of the record: " + server.failureReason());
        }
        pump(server, client);
        int read = 0;
        int n;
        while ((n = client.read(plain.address(), BUFFER)) > 0) {
            read += n;
        }
        return read;
    }

    @Benchmark
    public int jdk() throws SSLException {
        jdkPayload.clear().limit(size);
        toClient.clear();
        while (jdkPayload.hasRemaining()) {
            SSLEngineResult wrapped = jdkServer.wrap(jdkPayload, toClient);
            if (wrapped.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("JDK wrap: " + wrapped);
            }
        }
        toClient.flip();
        int read = 0;
        while (toClient.hasRemaining()) {
            jdkPlain.clear();
            SSLEngineResult unwrapped = jdkClient.unwrap(toClient, jdkPlain);
            if (unwrapped.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("JDK unwrap: " + unwrapped);
            }
            read += unwrapped.bytesProduced();
        }
        return read;
    }

    /** How the JDK cuts {@code size} bytes into records: their lengths on the wire. */
    private String jdkRecords() throws SSLException {
        jdkPayload.clear().limit(size);
        toClient.clear();
        StringBuilder lengths = new StringBuilder();
        while (jdkPayload.hasRemaining()) {
            int before = toClient.position();
            jdkServer.wrap(jdkPayload, toClient);
            lengths.append(lengths.isEmpty() ? "" : " + ").append(toClient.position() - before);
        }
        toClient.flip();
        while (toClient.hasRemaining()) {
            jdkPlain.clear();
            jdkClient.unwrap(toClient, jdkPlain);
        }
        return lengths.toString();
    }

    private int ciphertextLength() {
        server.write(payload.address(), size);
        int n = server.pendingCiphertext();
        pump(server, client);
        while (client.read(plain.address(), BUFFER) > 0) {
            // drained
        }
        return n;
    }

    private void pump(TlsSession from, TlsSession to) {
        int n;
        while ((n = from.takeCiphertext(wire.address(), BUFFER)) > 0) {
            to.receive(wire.address(), n);
        }
    }
}
