package dev.lightpath.tls;

import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that keeps the session its server's ticket gave it and offers it again, and the byte pump between a
 * client and a server session: enough to see whether a server resumes a ticket. The client's session calls
 * ({@code SSL_get1_session}, {@code SSL_set_session}) are looked up here, as only tests need them.
 */
final class ResumingClient implements AutoCloseable {
    private static final MethodHandle GET1_SESSION;
    private static final MethodHandle SET_SESSION;
    private static final MethodHandle SESSION_FREE;

    static {
        SymbolLookup ssl = SymbolLookup.libraryLookup("libssl.so.3", Arena.global());
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        GET1_SESSION = linker.downcallHandle(ssl.find("SSL_get1_session").orElseThrow(), FunctionDescriptor.of(ptr, ptr));
        SET_SESSION = linker.downcallHandle(ssl.find("SSL_set_session").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ptr, ptr));
        SESSION_FREE = linker.downcallHandle(ssl.find("SSL_SESSION_free").orElseThrow(), FunctionDescriptor.ofVoid(ptr));
    }

    private final SslContext context;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment wire = arena.allocate(64 * 1024);
    /** Every SSL_SESSION the server's tickets gave, freed with the client. */
    private final java.util.List<Long> sessions = new java.util.ArrayList<>();

    /** What one connection did: whether it resumed, and the session its new ticket gives (to offer later). */
    record Outcome(boolean resumed, long session) {
    }

    ResumingClient(SslContext context) {
        this.context = context;
    }

    /** A whole TLS 1.3 handshake with a session of {@code server}, offering {@code offered} (0: none). */
    Outcome connect(SslContext server, long offered) throws Throwable {
        try (TlsSession client = TlsSession.client(context, "tls.test"); TlsSession accepting = TlsSession.server(server)) {
            if (offered != 0) {
                assertEquals(1, (int) SET_SESSION.invokeExact(client.connection(), offered));
            }
            for (int round = 0; round < 10 && !(client.isEstablished() && accepting.isEstablished()); round++) {
                client.handshake();
                pump(client, accepting);
                accepting.handshake();
                pump(accepting, client);
            }
            assertTrue(client.isEstablished(), client::failureReason);
            assertTrue(accepting.isEstablished(), accepting::failureReason);
            // TLS 1.3 tickets follow the handshake: reading takes them in.
            assertEquals(TlsSession.NEED_INPUT, client.read(wire.address(), (int) wire.byteSize()));
            assertEquals(LibSsl.TLS1_3_VERSION, client.protocolVersion());
            long given = (long) GET1_SESSION.invokeExact(client.connection());
            assertNotEquals(0L, given);
            sessions.add(given);
            assertEquals(client.isResumed(), accepting.isResumed(), "both ends agree on resumption");
            // Freed without its close_notify, OpenSSL would mark the session it gave as not resumable.
            client.closeOutbound();
            return new Outcome(accepting.isResumed(), given);
        }
    }

    private void pump(TlsSession from, TlsSession to) {
        while (from.pendingCiphertext() > 0) {
            int n = from.takeCiphertext(wire.address(), (int) wire.byteSize());
            to.receive(wire.address(), n);
        }
    }

    @Override
    public void close() {
        try {
            for (long session : sessions) {
                SESSION_FREE.invokeExact(session);
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        arena.close();
    }
}
