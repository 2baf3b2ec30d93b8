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
    private long ctx;

    private SslContext(long method) {
        ctx = LibSsl.ctxNew(method);
        if (ctx == 0) {
            throw OpenSslException.fromErrorQueue("SSL_CTX_new");
        }
        protocols(LibSsl.TLS1_2_VERSION, LibSsl.TLS1_3_VERSION);
        LibSsl.ctxSetOptions(ctx, LibSsl.SSL_OP_NO_RENEGOTIATION | LibSsl.SSL_OP_NO_COMPRESSION);
        // The session's buffers are the caller's: records are read from and written to memory BIOs, and a
        // partial write of a large buffer is resumed from where it stopped rather than from a copy.
        LibSsl.ctxCtrl(ctx, LibSsl.SSL_CTRL_MODE,
                LibSsl.SSL_MODE_ENABLE_PARTIAL_WRITE | LibSsl.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, 0);
    }

    /** A server context presenting the PEM chain (leaf first) with its PEM private key; checks they match. */
    public static SslContext server(Path certificateChain, Path privateKey) {
        LibSsl.requireAvailable();
        requireFile(certificateChain, "certificate chain");
        requireFile(privateKey, "private key");
        SslContext context = new SslContext(LibSsl.tlsServerMethod());
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

    /** How many TLS 1.3 session tickets a server sends after each full handshake (OpenSSL's default is 2). */
    public SslContext sessionTickets(int count) {
        if (LibSsl.ctxSetNumTickets(open(), count) != 1) {
            throw failed("setting the number of session tickets");
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
