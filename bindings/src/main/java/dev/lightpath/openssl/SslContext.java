package dev.lightpath.openssl;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An owned {@code SSL_CTX}: the certificate, key, protocol range and suites its connections share. One per
 * core, so nothing in it is shared between threads (OpenSSL locks a context's session cache when it is shared).
 *
 * <p>Both roles start at TLS 1.2 at least, with renegotiation and compression refused: nothing older than 1.2
 * is offered or accepted, and a peer's renegotiation request is answered with a {@code no_renegotiation} alert.
 */
public final class SslContext implements AutoCloseable {
    /** Bytes of the keys {@link #ticketKeys} takes: name, HMAC secret and AES key, 16 + 32 + 32. */
    public static final int TICKET_KEYS_LENGTH = 80;
    private static final int SSL_CTRL_SET_TLSEXT_TICKET_KEYS = 59;
    /** The server picks the suite by its own order, not the client's (nginx's {@code ssl_prefer_server_ciphers}). */
    private static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 1L << 22;

    private long ctx;
    /** Memory the context's callbacks read (the ALPN list); freed with the context. */
    private Arena owned;

    private SslContext(long method) {
        ctx = LibSsl.ctxNew(method);
        if (ctx == 0) {
            throw OpenSslException.fromErrorQueue("SSL_CTX_new");
        }
        protocols(LibSsl.TLS1_2_VERSION, LibSsl.TLS1_3_VERSION);
        LibSsl.ctxSetOptions(ctx, LibSsl.SSL_OP_NO_RENEGOTIATION | LibSsl.SSL_OP_NO_COMPRESSION);
        // The session's buffers are the caller's: records are read from and written to memory BIOs, and a
        // partial write of a large buffer is resumed from where it stopped rather than from a copy. OpenSSL's own
        // record buffers (some 17 kB each way) are freed while a connection has nothing buffered, so an idle
        // connection does not hold them (measured: TlsConnectionMemoryTest).
        LibSsl.ctxCtrl(ctx, LibSsl.SSL_CTRL_MODE, LibSsl.SSL_MODE_ENABLE_PARTIAL_WRITE
                | LibSsl.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | LibSsl.SSL_MODE_RELEASE_BUFFERS, 0);
    }

    /** A server context presenting the PEM chain (leaf first) with its PEM private key; checks they match. */
    public static SslContext server(Path certificateChain, Path privateKey) {
        LibSsl.requireAvailable();
        requireFile(certificateChain, "certificate chain");
        requireFile(privateKey, "private key");
        SslContext context = new SslContext(LibSsl.tlsServerMethod());
        LibSsl.ctxSetOptions(context.ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
        try (Arena arena = Arena.ofConfined()) {
            long chain = arena.allocateFrom(certificateChain.toString()).address();
            long key = arena.allocateFrom(privateKey.toString()).address();
            if (LibSsl.ctxUseCertificateChainFile(context.ctx, chain) != 1) {
                throw context.failed("reading the certificate chain " + certificateChain);
            }
            if (LibSsl.ctxUsePrivateKeyFile(context.ctx, key, LibSsl.SSL_FILETYPE_PEM) != 1) {
                throw context.failed("reading the private key " + privateKey);
            }
            if (LibSsl.ctxCheckPrivateKey(context.ctx) != 1) {
                throw context.failed("matching the private key " + privateKey + " to " + certificateChain);
            }
        }
        return context;
    }

    /**
     * A client context that verifies the server's chain against the PEM certificates in {@code trusted}, or
     * verifies nothing when {@code trusted} is null (what a load generator's {@code --insecure} asks for).
     */
    public static SslContext client(Path trusted) {
        LibSsl.requireAvailable();
        SslContext context = new SslContext(LibSsl.tlsClientMethod());
        if (trusted == null) {
            LibSsl.ctxSetVerify(context.ctx, LibSsl.SSL_VERIFY_NONE);
            return context;
        }
        requireFile(trusted, "trusted certificates");
        try (Arena arena = Arena.ofConfined()) {
            if (LibSsl.ctxLoadVerifyLocations(context.ctx, arena.allocateFrom(trusted.toString()).address(), 0) != 1) {
                throw context.failed("reading the trusted certificates " + trusted);
            }
        }
        LibSsl.ctxSetVerify(context.ctx, LibSsl.SSL_VERIFY_PEER);
        return context;
    }

    /** A client context that verifies the server's chain against the system's trusted certificates. */
    public static SslContext clientTrustingSystem() {
        LibSsl.requireAvailable();
        SslContext context = new SslContext(LibSsl.tlsClientMethod());
        if (!PeerVerification.trustSystemStore(context.ctx)) {
            throw context.failed("reading the system's trusted certificates");
        }
        LibSsl.ctxSetVerify(context.ctx, LibSsl.SSL_VERIFY_PEER);
        return context;
    }

    /** A client's ALPN offer ("http/1.1"), made by every connection of this context. */
    public SslContext offerAlpn(java.util.List<String> protocols) {
        Alpn.clientContextOffers(open(), protocols);
        return this;
    }

    /** The protocol range, as {@link LibSsl#TLS1_2_VERSION} and {@link LibSsl#TLS1_3_VERSION}. */
    public SslContext protocols(int min, int max) {
        if (min < LibSsl.TLS1_2_VERSION || max < min || max > LibSsl.TLS1_3_VERSION) {
            throw new IllegalArgumentException("protocol range " + Integer.toHexString(min) + ".."
                    + Integer.toHexString(max) + ": only TLS 1.2 and 1.3 are offered");
        }
        if (LibSsl.ctxCtrl(open(), LibSsl.SSL_CTRL_SET_MIN_PROTO_VERSION, min, 0) != 1
                || LibSsl.ctxCtrl(ctx, LibSsl.SSL_CTRL_SET_MAX_PROTO_VERSION, max, 0) != 1) {
            throw failed("setting the protocol range");
        }
        return this;
    }

    /** TLS 1.3 suites, colon-separated in OpenSSL's names ("TLS_AES_128_GCM_SHA256:..."). */
    public SslContext tls13Suites(String suites) {
        try (Arena arena = Arena.ofConfined()) {
            if (LibSsl.ctxSetCiphersuites(open(), arena.allocateFrom(suites).address()) != 1) {
                throw failed("setting the TLS 1.3 suites \"" + suites + "\"");
            }
        }
        return this;
    }

    /** TLS 1.2 suites, as an OpenSSL cipher list ("ECDHE-ECDSA-AES128-GCM-SHA256:..."). */
    public SslContext tls12Suites(String cipherList) {
        try (Arena arena = Arena.ofConfined()) {
            if (LibSsl.ctxSetCipherList(open(), arena.allocateFrom(cipherList).address()) != 1) {
                throw failed("setting the TLS 1.2 suites \"" + cipherList + "\"");
            }
        }
        return this;
    }

    /**
     * Whether an idle session gives its record buffers back (on by default). Off keeps them between records:
     * no allocation per record, and some 34 kB held by every connection; for measuring what releasing costs.
     */
    public SslContext releaseBuffers(boolean release) {
        LibSsl.ctxCtrl(open(), release ? LibSsl.SSL_CTRL_MODE : LibSsl.SSL_CTRL_CLEAR_MODE,
                LibSsl.SSL_MODE_RELEASE_BUFFERS, 0);
        return this;
    }

    /** How many TLS 1.3 session tickets a server sends after each full handshake (OpenSSL's default is 2). */
    public SslContext sessionTickets(int count) {
        if (LibSsl.ctxSetNumTickets(open(), count) != 1) {
            throw failed("setting the number of session tickets");
        }
        return this;
    }

    /** A server's protocols for ALPN, in its order of preference ("http/1.1"); a client that offers none fails. */
    public SslContext alpn(java.util.List<String> protocols) {
        if (owned == null) {
            owned = Arena.ofShared();
        }
        Alpn.serverChooses(open(), protocols, owned);
        return this;
    }

    /**
     * The keys that protect a server's session tickets ({@value #TICKET_KEYS_LENGTH} bytes): every core's context
     * given the same keys resumes a session whichever core issued its ticket, with nothing shared at run time.
     */
    public SslContext ticketKeys(byte[] keys) {
        if (keys.length != TICKET_KEYS_LENGTH) {
            throw new IllegalArgumentException("ticket keys are " + TICKET_KEYS_LENGTH + " bytes, not " + keys.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            long address = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, keys).address();
            if (LibSsl.ctxCtrl(open(), SSL_CTRL_SET_TLSEXT_TICKET_KEYS, keys.length, address) != 1) {
                throw failed("setting the session ticket keys");
            }
        }
        return this;
    }

    /** The {@code SSL_CTX*}, for {@code SSL_new}. */
    public long address() {
        return open();
    }

    @Override
    public void close() {
        if (ctx != 0) {
            LibSsl.ctxFree(ctx);
            ctx = 0;
        }
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }

    private long open() {
        if (ctx == 0) {
            throw new IllegalStateException("the SSL context is closed");
        }
        return ctx;
    }

    private OpenSslException failed(String operation) {
        OpenSslException e = OpenSslException.fromErrorQueue(operation);
        close();
        return e;
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new OpenSslException("the " + what + " " + file + " is not a readable file");
        }
    }
}
