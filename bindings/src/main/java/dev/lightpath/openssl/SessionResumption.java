package dev.lightpath.openssl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.lightpath.openssl.LibSsl.handle;
import static dev.lightpath.openssl.LibSsl.rethrow;

/**
 * A client's side of session resumption: the {@code SSL_SESSION} a connection ended with (its TLS 1.3 ticket or
 * TLS 1.2 session ID and secrets), kept by the caller and offered by its next connection to the same server, which
 * then skips the certificate and the key exchange's signature. Sessions are reference counted by OpenSSL: each
 * {@link #take} is matched by one {@link #free}.
 */
public final class SessionResumption {
    private static final MethodHandle GET1_SESSION;
    private static final MethodHandle SET_SESSION;
    private static final MethodHandle SESSION_FREE;
    private static final MethodHandle SESSION_IS_RESUMABLE;

    static {
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        GET1_SESSION = handle("SSL_get1_session", FunctionDescriptor.of(ptr, ptr));
        SET_SESSION = handle("SSL_set_session", FunctionDescriptor.of(i32, ptr, ptr));
        SESSION_FREE = handle("SSL_SESSION_free", FunctionDescriptor.ofVoid(ptr));
        SESSION_IS_RESUMABLE = handle("SSL_SESSION_is_resumable", FunctionDescriptor.of(i32, ptr));
    }

    private SessionResumption() {
    }

    /**
     * The session of {@code ssl} when a later connection could resume it (for TLS 1.3: once a ticket arrived, which
     * is after the handshake), else 0. The caller owns what it gets and frees it.
     */
    public static long take(long ssl) {
        try {
            long session = (long) GET1_SESSION.invokeExact(ssl);
            if (session != 0 && (int) SESSION_IS_RESUMABLE.invokeExact(session) != 1) {
                SESSION_FREE.invokeExact(session);
                return 0;
            }
            return session;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Has the client connection {@code ssl}, before its handshake, offer {@code session} (which the caller keeps). */
    public static boolean offer(long ssl, long session) {
        try {
            return (int) SET_SESSION.invokeExact(ssl, session) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void free(long session) {
        try {
            SESSION_FREE.invokeExact(session);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
