package dev.lightpath.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into Debian's OpenSSL 3 ({@code libssl.so.3}, {@code libcrypto.so.3}): what a TLS endpoint over
 * memory BIOs needs (the BIOs themselves are {@link MemoryBio}), and the constants of the macros it calls through
 * {@code *_ctrl}.
 *
 * <p>Pointers cross as plain {@code long}s, so a call allocates nothing. The calls of the record path (BIO reads
 * and writes, {@code SSL_read}, {@code SSL_write}, {@code SSL_get_error}) are "critical" (no thread-state
 * transition): each runs a few microseconds at most, never blocks on memory BIOs and never calls back into Java.
 * The handshake is not, as a signature can take longer than a GC should wait.
 */
public final class LibSsl {
    public static final int SSL_ERROR_NONE = 0;
    public static final int SSL_ERROR_SSL = 1;
    public static final int SSL_ERROR_WANT_READ = 2;
    public static final int SSL_ERROR_WANT_WRITE = 3;
    public static final int SSL_ERROR_SYSCALL = 5;
    public static final int SSL_ERROR_ZERO_RETURN = 6;

    public static final int TLS1_2_VERSION = 0x0303;
    public static final int TLS1_3_VERSION = 0x0304;
    public static final int SSL_FILETYPE_PEM = 1;
    public static final int SSL_VERIFY_NONE = 0;
    public static final int SSL_VERIFY_PEER = 1;

    public static final int SSL_CTRL_MODE = 33;
    public static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
    public static final int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
    public static final int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
    public static final int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
    public static final int SSL_CTRL_CLEAR_MODE = 78;
    public static final long SSL_MODE_ENABLE_PARTIAL_WRITE = 0x1;
    public static final long SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2;
    public static final long SSL_MODE_RELEASE_BUFFERS = 0x10;
    public static final long SSL_OP_NO_TICKET = 1L << 14;
    public static final long SSL_OP_NO_COMPRESSION = 1L << 17;
    public static final long SSL_OP_NO_RENEGOTIATION = 1L << 30;
    public static final int TLSEXT_NAMETYPE_HOST_NAME = 0;
    /** {@code BIO_set_mem_eof_return}: what an empty memory BIO answers (0: end of stream; -1: try again). */
    public static final int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP;
    private static final Throwable UNAVAILABLE;

    private static final MethodHandle TLS_SERVER_METHOD;
    private static final MethodHandle TLS_CLIENT_METHOD;
    private static final MethodHandle CTX_NEW;
    private static final MethodHandle CTX_FREE;
    private static final MethodHandle CTX_USE_CHAIN_FILE;
    private static final MethodHandle CTX_USE_KEY_FILE;
    private static final MethodHandle CTX_CHECK_KEY;
    private static final MethodHandle CTX_CTRL;
    private static final MethodHandle CTX_SET_OPTIONS;
    private static final MethodHandle CTX_SET_CIPHERSUITES;
    private static final MethodHandle CTX_SET_CIPHER_LIST;
    private static final MethodHandle CTX_LOAD_VERIFY;
    private static final MethodHandle CTX_SET_VERIFY;
    private static final MethodHandle CTX_SET_NUM_TICKETS;
    private static final MethodHandle SSL_NEW;
    private static final MethodHandle SSL_FREE;
    private static final MethodHandle SSL_SET_BIO;
    private static final MethodHandle SSL_SET_ACCEPT_STATE;
    private static final MethodHandle SSL_SET_CONNECT_STATE;
    private static final MethodHandle SSL_DO_HANDSHAKE;
    private static final MethodHandle SSL_IS_INIT_FINISHED;
    private static final MethodHandle SSL_READ;
    private static final MethodHandle SSL_WRITE;
    private static final MethodHandle SSL_GET_ERROR;
    private static final MethodHandle SSL_SHUTDOWN;
    private static final MethodHandle SSL_RENEGOTIATE;
    private static final MethodHandle SSL_CLEAR_OPTIONS;
    private static final MethodHandle SSL_CTRL;
    private static final MethodHandle SSL_VERSION;
    private static final MethodHandle SSL_SESSION_REUSED;
    private static final MethodHandle SSL_GET_CURRENT_CIPHER;
    private static final MethodHandle CIPHER_GET_NAME;
    private static final MethodHandle ERR_GET_ERROR;
    private static final MethodHandle ERR_ERROR_STRING_N;
    private static final MethodHandle ERR_CLEAR_ERROR;
    private static final MethodHandle OPENSSL_VERSION;

    static {
        SymbolLookup lookup = null;
        Throwable unavailable = null;
        try {
            lookup = SymbolLookup.libraryLookup("libssl.so.3", Arena.global())
                    .or(SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global()));
        } catch (IllegalArgumentException e) {
            unavailable = e;
        }
        LOOKUP = lookup;
        UNAVAILABLE = unavailable;
        Linker.Option critical = Linker.Option.critical(false);
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        TLS_SERVER_METHOD = handle("TLS_server_method", FunctionDescriptor.of(ptr));
        TLS_CLIENT_METHOD = handle("TLS_client_method", FunctionDescriptor.of(ptr));
        CTX_NEW = handle("SSL_CTX_new", FunctionDescriptor.of(ptr, ptr));
        CTX_FREE = handle("SSL_CTX_free", FunctionDescriptor.ofVoid(ptr));
        CTX_USE_CHAIN_FILE = handle("SSL_CTX_use_certificate_chain_file", FunctionDescriptor.of(i32, ptr, ptr));
        CTX_USE_KEY_FILE = handle("SSL_CTX_use_PrivateKey_file", FunctionDescriptor.of(i32, ptr, ptr, i32));
        CTX_CHECK_KEY = handle("SSL_CTX_check_private_key", FunctionDescriptor.of(i32, ptr));
        CTX_CTRL = handle("SSL_CTX_ctrl", FunctionDescriptor.of(size, ptr, i32, size, ptr));
        CTX_SET_OPTIONS = handle("SSL_CTX_set_options", FunctionDescriptor.of(size, ptr, size));
        CTX_SET_CIPHERSUITES = handle("SSL_CTX_set_ciphersuites", FunctionDescriptor.of(i32, ptr, ptr));
        CTX_SET_CIPHER_LIST = handle("SSL_CTX_set_cipher_list", FunctionDescriptor.of(i32, ptr, ptr));
        CTX_LOAD_VERIFY = handle("SSL_CTX_load_verify_locations", FunctionDescriptor.of(i32, ptr, ptr, ptr));
        CTX_SET_VERIFY = handle("SSL_CTX_set_verify", FunctionDescriptor.ofVoid(ptr, i32, ptr));
        CTX_SET_NUM_TICKETS = handle("SSL_CTX_set_num_tickets", FunctionDescriptor.of(i32, ptr, size));
        SSL_NEW = handle("SSL_new", FunctionDescriptor.of(ptr, ptr));
        SSL_FREE = handle("SSL_free", FunctionDescriptor.ofVoid(ptr));
        SSL_SET_BIO = handle("SSL_set_bio", FunctionDescriptor.ofVoid(ptr, ptr, ptr));
        SSL_SET_ACCEPT_STATE = handle("SSL_set_accept_state", FunctionDescriptor.ofVoid(ptr));
        SSL_SET_CONNECT_STATE = handle("SSL_set_connect_state", FunctionDescriptor.ofVoid(ptr));
        SSL_DO_HANDSHAKE = handle("SSL_do_handshake", FunctionDescriptor.of(i32, ptr));
        SSL_IS_INIT_FINISHED = handle("SSL_is_init_finished", FunctionDescriptor.of(i32, ptr), critical);
        SSL_READ = handle("SSL_read", FunctionDescriptor.of(i32, ptr, ptr, i32), critical);
        SSL_WRITE = handle("SSL_write", FunctionDescriptor.of(i32, ptr, ptr, i32), critical);
        SSL_GET_ERROR = handle("SSL_get_error", FunctionDescriptor.of(i32, ptr, i32), critical);
        SSL_SHUTDOWN = handle("SSL_shutdown", FunctionDescriptor.of(i32, ptr));
        SSL_RENEGOTIATE = handle("SSL_renegotiate", FunctionDescriptor.of(i32, ptr));
        SSL_CLEAR_OPTIONS = handle("SSL_clear_options", FunctionDescriptor.of(size, ptr, size));
        SSL_CTRL = handle("SSL_ctrl", FunctionDescriptor.of(size, ptr, i32, size, ptr));
        SSL_VERSION = handle("SSL_version", FunctionDescriptor.of(i32, ptr));
        SSL_SESSION_REUSED = handle("SSL_session_reused", FunctionDescriptor.of(i32, ptr));
        SSL_GET_CURRENT_CIPHER = handle("SSL_get_current_cipher", FunctionDescriptor.of(ptr, ptr));
        CIPHER_GET_NAME = handle("SSL_CIPHER_get_name", FunctionDescriptor.of(ptr, ptr));
        ERR_GET_ERROR = handle("ERR_get_error", FunctionDescriptor.of(size));
        ERR_ERROR_STRING_N = handle("ERR_error_string_n", FunctionDescriptor.ofVoid(size, ptr, size));
        ERR_CLEAR_ERROR = handle("ERR_clear_error", FunctionDescriptor.ofVoid());
        OPENSSL_VERSION = handle("OpenSSL_version", FunctionDescriptor.of(ptr, i32));
    }

    private LibSsl() {
    }

    static MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (LOOKUP == null) {
            return null;
        }
        MemorySegment symbol = LOOKUP.find(name).orElseThrow(
                () -> new OpenSslException("libssl.so.3 does not export " + name + " (is it OpenSSL 3?)"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** True when OpenSSL 3 loads on this machine; never throws. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Throws, saying what to install, when OpenSSL 3 is not there. */
    public static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new OpenSslException("OpenSSL 3 is not available (" + UNAVAILABLE.getMessage()
                    + "; apt-get install libssl3)");
        }
    }

    /** "OpenSSL 3.0.19 27 Jan 2026", as the loaded library names itself. */
    public static String version() {
        requireAvailable();
        try {
            return MemorySegment.ofAddress((long) OPENSSL_VERSION.invokeExact(0)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long tlsServerMethod() {
        requireAvailable();
        try {
            return (long) TLS_SERVER_METHOD.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long tlsClientMethod() {
        requireAvailable();
        try {
            return (long) TLS_CLIENT_METHOD.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long ctxNew(long method) {
        try {
            return (long) CTX_NEW.invokeExact(method);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void ctxFree(long ctx) {
        try {
            CTX_FREE.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxUseCertificateChainFile(long ctx, long path) {
        try {
            return (int) CTX_USE_CHAIN_FILE.invokeExact(ctx, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxUsePrivateKeyFile(long ctx, long path, int type) {
        try {
            return (int) CTX_USE_KEY_FILE.invokeExact(ctx, path, type);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxCheckPrivateKey(long ctx) {
        try {
            return (int) CTX_CHECK_KEY.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long ctxCtrl(long ctx, int cmd, long larg, long parg) {
        try {
            return (long) CTX_CTRL.invokeExact(ctx, cmd, larg, parg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long ctxSetOptions(long ctx, long options) {
        try {
            return (long) CTX_SET_OPTIONS.invokeExact(ctx, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxSetCiphersuites(long ctx, long text) {
        try {
            return (int) CTX_SET_CIPHERSUITES.invokeExact(ctx, text);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxSetCipherList(long ctx, long text) {
        try {
            return (int) CTX_SET_CIPHER_LIST.invokeExact(ctx, text);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxLoadVerifyLocations(long ctx, long caFile, long caPath) {
        try {
            return (int) CTX_LOAD_VERIFY.invokeExact(ctx, caFile, caPath);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void ctxSetVerify(long ctx, int mode) {
        try {
            CTX_SET_VERIFY.invokeExact(ctx, mode, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ctxSetNumTickets(long ctx, long tickets) {
        try {
            return (int) CTX_SET_NUM_TICKETS.invokeExact(ctx, tickets);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sslNew(long ctx) {
        try {
            return (long) SSL_NEW.invokeExact(ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Frees the connection and the BIOs it was given with {@link #sslSetBio}. */
    public static void sslFree(long ssl) {
        try {
            SSL_FREE.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void sslSetBio(long ssl, long readBio, long writeBio) {
        try {
            SSL_SET_BIO.invokeExact(ssl, readBio, writeBio);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void sslSetAcceptState(long ssl) {
        try {
            SSL_SET_ACCEPT_STATE.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void sslSetConnectState(long ssl) {
        try {
            SSL_SET_CONNECT_STATE.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sslDoHandshake(long ssl) {
        try {
            return (int) SSL_DO_HANDSHAKE.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static boolean sslIsInitFinished(long ssl) {
        try {
            return (int) SSL_IS_INIT_FINISHED.invokeExact(ssl) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sslRead(long ssl, long buffer, int length) {
        try {
            return (int) SSL_READ.invokeExact(ssl, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sslWrite(long ssl, long buffer, int length) {
        try {
            return (int) SSL_WRITE.invokeExact(ssl, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sslGetError(long ssl, int result) {
        try {
            return (int) SSL_GET_ERROR.invokeExact(ssl, result);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sslShutdown(long ssl) {
        try {
            return (int) SSL_SHUTDOWN.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Asks for a new handshake over TLS 1.2 (what a client does to renegotiate; a peer may refuse). */
    public static int sslRenegotiate(long ssl) {
        try {
            return (int) SSL_RENEGOTIATE.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Clears options one connection inherited from its context; returns the options left. */
    public static long sslClearOptions(long ssl, long options) {
        try {
            return (long) SSL_CLEAR_OPTIONS.invokeExact(ssl, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sslCtrl(long ssl, int cmd, long larg, long parg) {
        try {
            return (long) SSL_CTRL.invokeExact(ssl, cmd, larg, parg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The negotiated protocol version ({@link #TLS1_3_VERSION}, ...). */
    public static int sslVersion(long ssl) {
        try {
            return (int) SSL_VERSION.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static boolean sslSessionReused(long ssl) {
        try {
            return (int) SSL_SESSION_REUSED.invokeExact(ssl) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The negotiated cipher suite's standard name ("TLS_AES_256_GCM_SHA384"), or null before the handshake. */
    public static String sslCipherName(long ssl) {
        try {
            long cipher = (long) SSL_GET_CURRENT_CIPHER.invokeExact(ssl);
            if (cipher == 0) {
                return null;
            }
            long name = (long) CIPHER_GET_NAME.invokeExact(cipher);
            return MemorySegment.ofAddress(name).reinterpret(128).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Pops the oldest error of this thread's queue; 0 when it is empty. */
    public static long errGetError() {
        try {
            return (long) ERR_GET_ERROR.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void errClearError() {
        try {
            ERR_CLEAR_ERROR.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Empties this thread's error queue, returning the oldest error (the cause; the rest follow from it). */
    public static long drainErrors() {
        long first = errGetError();
        if (first != 0) {
            errClearError();
        }
        return first;
    }

    /** OpenSSL's text for a packed error code ("error:0A000086:SSL routines::certificate verify failed"). */
    public static String errorText(long code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            ERR_ERROR_STRING_N.invokeExact(code, buffer.address(), 256L);
            return buffer.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
