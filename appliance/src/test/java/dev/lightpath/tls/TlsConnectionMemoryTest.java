package dev.lightpath.tls;

import dev.lightpath.openssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What one TLS connection costs the server in native memory (OpenSSL's SSL object, its record buffers, the two
 * memory BIOs): glibc's {@code mallinfo2} (bytes in use, all arenas, mmapped blocks included) read before and
 * after {@value #CONNECTIONS} server sessions reach each state, their clients freed first so that only the
 * server's side is counted. The median of five runs is taken: other threads of the JVM allocate and free at the
 * same time (one of them freeing megabytes during a run takes as much out of its count as a thousand sessions
 * hold), so a single run can be off either way, but not most of them on a quiet machine. The figures the connection
 * budget uses ({@link TlsConnectionMemory}) must not be below what is measured.
 */
class TlsConnectionMemoryTest {
    static final int CONNECTIONS = 1000;
    static final int RUNS = 5;

    @TempDir
    static Path directory;
    static SslContext serverContext;
    static SslContext clientContext;
    static MethodHandle mallinfo2;

    final Arena arena = Arena.ofConfined();
    final MemorySegment wire = arena.allocate(64 * 1024);
    final MemorySegment plain = arena.allocate(64 * 1024);

    @BeforeAll
    static void contexts() {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory, "tls.test");
        TlsServerSettings settings = new TlsServerSettings();
        settings.certificateChain = certificate.chain();
        settings.privateKey = certificate.privateKey();
        serverContext = settings.newContext();
        clientContext = SslContext.client(certificate.chain());
        Linker linker = Linker.nativeLinker();
        mallinfo2 = linker.downcallHandle(linker.defaultLookup().find("mallinfo2").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    @AfterAll
    static void free() {
        serverContext.close();
        clientContext.close();
    }

    /** Bytes malloc has handed out and not had back: uordblks (in the arenas) + hblkhd (mmapped). */
    long mallocInUse() throws Throwable {
        MemorySegment info = arena.allocate(10 * 8);
        // struct mallinfo2 returned by value: ten size_t, which the ABI returns through a hidden pointer.
        mallinfo2.invokeExact(info);
        return info.get(ValueLayout.JAVA_LONG, 7 * 8) + info.get(ValueLayout.JAVA_LONG, 4 * 8);
    }

    enum State { HANDSHAKING, IDLE_AFTER_1K, IDLE_AFTER_16K }

    @Test
    void nativeBytesPerServerConnection() throws Throwable {
        // OpenSSL's one-time set-up (error strings, providers) and the JIT's compilation of these paths (C2 takes
        // its memory from malloc too) out of the count.
        for (State state : State.values()) {
            measure(state, 200);
        }
        long handshaking = median(State.HANDSHAKING);
        long idle1k = median(State.IDLE_AFTER_1K);
        long idle16k = median(State.IDLE_AFTER_16K);
        System.out.printf(Locale.ROOT, "TLS native memory per server connection (%d connections, median of %d runs, "
                        + "mallinfo2): mid-handshake %,d B; established after a 1 kB response %,d B; after a 16 kB "
                        + "response %,d B%n", CONNECTIONS, RUNS, handshaking, idle1k, idle16k);
        assertTrue(idle1k > 1024, "the measurement sees the sessions: " + idle1k);
        assertTrue(handshaking <= TlsConnectionMemory.HANDSHAKE_BYTES,
                "mid-handshake " + handshaking + " B > the budget's " + TlsConnectionMemory.HANDSHAKE_BYTES);
        assertTrue(idle16k <= TlsConnectionMemory.ESTABLISHED_BYTES,
                "established " + idle16k + " B > the budget's " + TlsConnectionMemory.ESTABLISHED_BYTES);
        assertTrue(idle1k <= TlsConnectionMemory.ESTABLISHED_BYTES);
    }

    long median(State state) throws Throwable {
        long[] runs = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            runs[run] = measure(state, CONNECTIONS);
        }
        System.out.printf(Locale.ROOT, "%s: %s B per connection%n", state, Arrays.toString(runs));
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    /** Bytes per server session in {@code state}, its client freed. */
    long measure(State state, int connections) throws Throwable {
        List<TlsSession> servers = new ArrayList<>(connections);
        List<TlsSession> clients = new ArrayList<>(connections);
        long before = mallocInUse();
        try {
            for (int i = 0; i < connections; i++) {
                TlsSession client = TlsSession.client(clientContext, "tls.test");
                TlsSession server = TlsSession.server(serverContext);
                clients.add(client);
                servers.add(server);
                drive(state, client, server);
            }
            clients.forEach(TlsSession::close);
            clients.clear();
            long after = mallocInUse();
            return (after - before) / connections;
        } finally {
            clients.forEach(TlsSession::close);
            servers.forEach(TlsSession::close);
        }
    }

    void drive(State state, TlsSession client, TlsSession server) {
        client.handshake();
        pump(client, server);
        server.handshake();
        pump(server, client);
        if (state == State.HANDSHAKING) {
            return; // the server's flight sent, the client's Finished awaited
        }
        for (int round = 0; round < 4 && !(client.isEstablished() && server.isEstablished()); round++) {
            client.handshake();
            pump(client, server);
            server.handshake();
            pump(server, client);
        }
        assertTrue(server.isEstablished(), server::failureReason);
        client.read(plain.address(), (int) plain.byteSize()); // the tickets
        assertTrue(client.write(plain.address(), 100) > 0);
        pump(client, server);
        assertEquals(100, server.read(plain.address(), (int) plain.byteSize()));
        int response = state == State.IDLE_AFTER_16K ? 16 * 1024 : 1024;
        assertEquals(response, server.write(plain.address(), response));
        pump(server, client);
    }

    void pump(TlsSession from, TlsSession to) {
        while (from.pendingCiphertext() > 0) {
            int n = from.takeCiphertext(wire.address(), (int) wire.byteSize());
            to.receive(wire.address(), n);
        }
    }
}
