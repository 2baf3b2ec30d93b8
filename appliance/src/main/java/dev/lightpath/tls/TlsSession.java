package dev.lightpath.tls;

import dev.lightpath.openssl.Alpn;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.MemoryBio;
import dev.lightpath.openssl.OpenSslException;
import dev.lightpath.openssl.PeerVerification;
import dev.lightpath.openssl.SessionResumption;
import dev.lightpath.openssl.SslContext;

import java.lang.foreign.Arena;

/**
 * One TLS connection over TCP payload bytes, owned by the worker that owns the TCP connection. OpenSSL reads
 * records from one memory BIO and writes them to another; this class moves bytes between those and native
 * buffers the caller owns (receive mbufs, send buffers), so nothing but the caller's thread touches it.
 *
 * <p>The flow, for either role: {@link #receive} the ciphertext TCP delivered, then {@link #read} plaintext
 * (which also drives the handshake until it is done), {@link #write} plaintext to send, and after any of them
 * {@link #pendingCiphertext()} bytes wait to be taken with {@link #takeCiphertext} and sent. A failure leaves
 * its alert in the ciphertext to send: send it, then close the TCP connection.
 *
 * <p>The record path allocates nothing on the Java heap: the calls take addresses and lengths and answer with
 * counts or the statuses below. (OpenSSL's memory BIOs grow by {@code realloc} in native memory to the largest
 * burst they held, then keep that size.)
 */
public final class TlsSession implements AutoCloseable {
    /** Nothing yet: more ciphertext must be received first. */
    public static final int NEED_INPUT = 0;
    /** The peer closed its side cleanly (a {@code close_notify} alert). */
    public static final int CLOSED = -1;
    /** The connection failed; {@link #failureReason()} says why, and an alert may wait to be sent. */
    public static final int FAILED = -2;

    private final boolean server;
    private long ssl;
    private final long input;
    private final long output;
    private boolean attached;
    private boolean established;
    private long failure;
    private boolean failed;

    private TlsSession(SslContext context, boolean server) {
        this.server = server;
        ssl = LibSsl.sslNew(context.address());
        if (ssl == 0) {
            throw new OpenSslException("SSL_new failed: " + LibSsl.errorText(LibSsl.drainErrors()));
        }
        input = MemoryBio.newMemory();
        output = MemoryBio.newMemory();
        if (input == 0 || output == 0) {
            freeBiosAndConnection();
            throw new OpenSslException("BIO_new(BIO_s_mem()) failed: out of memory");
        }
        // An empty input BIO means "more to come" (-1), not end of stream, until endOfInput() says otherwise.
        MemoryBio.ctrl(input, LibSsl.BIO_C_SET_BUF_MEM_EOF_RETURN, -1, 0);
        LibSsl.sslSetBio(ssl, input, output);
        attached = true;
        if (server) {
            LibSsl.sslSetAcceptState(ssl);
        } else {
            LibSsl.sslSetConnectState(ssl);
        }
    }

    /** A server session of {@code context}: it waits for a ClientHello. */
    public static TlsSession server(SslContext context) {
        return new TlsSession(context, true);
    }

    /**
     * A client session of {@code context}, naming {@code serverName} in its SNI when it is not null; its
     * ClientHello is ready to take after the first {@link #handshake()}.
     */
    public static TlsSession client(SslContext context, String serverName) {
        TlsSession session = new TlsSession(context, false);
        if (serverName != null) {
            try (Arena arena = Arena.ofConfined()) {
                long name = arena.allocateFrom(serverName).address();
                if (LibSsl.sslCtrl(session.ssl, LibSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME,
                        LibSsl.TLSEXT_NAMETYPE_HOST_NAME, name) != 1) {
                    session.close();
                    throw new OpenSslException("setting the SNI " + serverName + " failed");
                }
            }
        }
        return session;
    }

    /**
     * A client session for a load generator's connection, made without allocating anything but itself: the SNI
     * and the name (or address) the certificate must carry are C strings the caller keeps ({@code 0}: none), and
     * {@code resume} a session of an earlier connection to offer ({@code 0}: a full handshake).
     */
    static TlsSession client(SslContext context, long serverName, long expected, boolean expectedIsAddress,
                             long resume) {
        TlsSession session = new TlsSession(context, false);
        boolean ok = serverName == 0 || LibSsl.sslCtrl(session.ssl, LibSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME,
                LibSsl.TLSEXT_NAMETYPE_HOST_NAME, serverName) == 1;
        if (ok && expected != 0) {
            ok = expectedIsAddress ? PeerVerification.expectAddress(session.ssl, expected)
                    : PeerVerification.expectName(session.ssl, expected);
        }
        if (ok && resume != 0) {
            ok = SessionResumption.offer(session.ssl, resume);
        }
        if (!ok) {
            long code = LibSsl.drainErrors();
            session.close();
            throw new OpenSslException("preparing a client connection failed: " + LibSsl.errorText(code));
        }
        return session;
    }

    /** The session to offer a later connection, once it can be resumed (0: not yet, or not at all); the caller frees it. */
    long resumable() {
        return established && ssl != 0 ? SessionResumption.take(ssl) : 0;
    }

    /** What verifying the server's certificate said ({@link PeerVerification#X509_V_OK} when it passed or was not asked). */
    long verifyResult() {
        return ssl == 0 ? PeerVerification.X509_V_OK : PeerVerification.result(ssl);
    }

    /** Hands OpenSSL {@code length} bytes of ciphertext at {@code address}; returns how many it took (all). */
    public int receive(long address, int length) {
        if (length == 0 || ssl == 0) {
            return 0;
        }
        int taken = MemoryBio.write(input, address, length);
        return Math.max(taken, 0);
    }

    /**
     * TCP will deliver nothing more: a record cut short now fails the session (OpenSSL's "unexpected eof"),
     * and one that ended cleanly reads as {@link #CLOSED} only after the peer's {@code close_notify}.
     */
    public void endOfInput() {
        if (ssl == 0) {
            return;
        }
        MemoryBio.ctrl(input, LibSsl.BIO_C_SET_BUF_MEM_EOF_RETURN, 0, 0);
    }

    /**
     * Advances the handshake with what was received: 1 once it is complete, {@link #NEED_INPUT} while it waits
     * for the peer, {@link #FAILED} when it failed. A client's first call writes its ClientHello.
     */
    public int handshake() {
        if (established && !failed) {
            return 1;
        }
        if (failed) {
            return FAILED;
        }
        int result = LibSsl.sslDoHandshake(ssl);
        if (result == 1) {
            established = true;
            return 1;
        }
        return status(result);
    }

    /**
     * Decrypts plaintext into {@code capacity} bytes at {@code address}: the count, or {@link #NEED_INPUT},
     * {@link #CLOSED} or {@link #FAILED}. Drives the handshake first when it is not done.
     */
    public int read(long address, int capacity) {
        if (failed) {
            return FAILED;
        }
        int result = LibSsl.sslRead(ssl, address, capacity);
        if (result > 0) {
            established = true;
            return result;
        }
        return status(result);
    }

    /**
     * Encrypts up to {@code length} bytes of plaintext at {@code address} into records to send: how many bytes
     * it took (whole records of up to 16 kB each), or {@link #NEED_INPUT} while the handshake waits for the peer,
     * or {@link #FAILED}.
     */
    public int write(long address, int length) {
        if (failed) {
            return FAILED;
        }
        int result = LibSsl.sslWrite(ssl, address, length);
        if (result > 0) {
            established = true;
            return result;
        }
        return status(result);
    }

    /** Bytes of records waiting to be sent. */
    public int pendingCiphertext() {
        if (ssl == 0) {
            return 0;
        }
        return (int) MemoryBio.pending(output);
    }

    /** Moves up to {@code capacity} bytes of records to send into {@code address}; returns how many (0: none). */
    public int takeCiphertext(long address, int capacity) {
        if (ssl == 0) {
            return 0;
        }
        int taken = MemoryBio.read(output, address, capacity);
        return Math.max(taken, 0);
    }

    /** Queues a {@code close_notify} alert to send: this side will write nothing more. */
    public void closeOutbound() {
        if (!failed && established && ssl != 0) {
            LibSsl.sslShutdown(ssl);
            LibSsl.drainErrors();
        }
    }

    /** The {@code SSL*}, for calls this class does not wrap (tests that play a misbehaving peer). */
    long connection() {
        return ssl;
    }

    public boolean isServer() {
        return server;
    }

    /** True once the handshake completed (and before any failure). */
    public boolean isEstablished() {
        return established && !failed;
    }

    public boolean hasFailed() {
        return failed;
    }

    /** OpenSSL's packed error code of the failure, 0 when there was none or OpenSSL gave none. */
    public long failureCode() {
        return failure;
    }

    /** OpenSSL's words for the failure, for logs and tests (allocates: not for the record path). */
    public String failureReason() {
        if (!failed) {
            return "no failure";
        }
        if (ssl == 0 && failure == 0) {
            return "closed";
        }
        return failure == 0 ? "failed without an OpenSSL error (the peer closed mid-record?)" : LibSsl.errorText(failure);
    }

    /** The negotiated version ({@link LibSsl#TLS1_3_VERSION}, ...), 0 before the handshake completes. */
    public int protocolVersion() {
        return established && ssl != 0 ? LibSsl.sslVersion(ssl) : 0;
    }

    /** The negotiated suite's name, null before the handshake completes (allocates). */
    public String cipherSuite() {
        return established && ssl != 0 ? LibSsl.sslCipherName(ssl) : null;
    }

    /** Has a client session offer these ALPN protocols; before its first {@link #handshake()}. */
    public TlsSession offerAlpn(java.util.List<String> protocols) {
        Alpn.clientOffers(ssl, protocols);
        return this;
    }

    /** The protocol ALPN agreed on, null for none (allocates: not for the record path). */
    public String alpnProtocol() {
        return established && ssl != 0 ? Alpn.selected(ssl) : null;
    }

    public boolean isResumed() {
        return established && ssl != 0 && LibSsl.sslSessionReused(ssl);
    }

    @Override
    public void close() {
        freeBiosAndConnection();
    }

    private void freeBiosAndConnection() {
        if (ssl == 0) {
            return;
        }
        if (!attached) {
            if (input != 0) {
                MemoryBio.free(input);
            }
            if (output != 0) {
                MemoryBio.free(output);
            }
        }
        LibSsl.sslFree(ssl); // and the BIOs it was given
        ssl = 0;
        failed = true;
    }

    private int status(int result) {
        switch (LibSsl.sslGetError(ssl, result)) {
            case LibSsl.SSL_ERROR_WANT_READ, LibSsl.SSL_ERROR_WANT_WRITE -> {
                return NEED_INPUT;
            }
            case LibSsl.SSL_ERROR_ZERO_RETURN -> {
                return CLOSED;
            }
            default -> {
                failed = true;
                failure = LibSsl.drainErrors();
                return FAILED;
            }
        }
    }
}
