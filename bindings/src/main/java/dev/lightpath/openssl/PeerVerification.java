package dev.lightpath.openssl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.lightpath.openssl.LibSsl.handle;
import static dev.lightpath.openssl.LibSsl.rethrow;

/**
 * What a client checks of the server it reached: the trust anchors its context verifies a chain against (the
 * system's store, or the PEM file {@link SslContext#client} is given), the name or address the leaf certificate
 * must carry, and, when the handshake failed, what verification said.
 */
public final class PeerVerification {
    /** {@code X509_V_OK}: the chain verified (or nothing was verified). */
    public static final long X509_V_OK = 0;

    private static final MethodHandle CTX_SET_DEFAULT_VERIFY_PATHS;
    private static final MethodHandle SET1_HOST;
    private static final MethodHandle GET0_PARAM;
    private static final MethodHandle PARAM_SET1_IP_ASC;
    private static final MethodHandle GET_VERIFY_RESULT;
    private static final MethodHandle VERIFY_ERROR_STRING;

    static {
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        CTX_SET_DEFAULT_VERIFY_PATHS = handle("SSL_CTX_set_default_verify_paths", FunctionDescriptor.of(i32, ptr));
        SET1_HOST = handle("SSL_set1_host", FunctionDescriptor.of(i32, ptr, ptr));
        GET0_PARAM = handle("SSL_get0_param", FunctionDescriptor.of(ptr, ptr));
        PARAM_SET1_IP_ASC = handle("X509_VERIFY_PARAM_set1_ip_asc", FunctionDescriptor.of(i32, ptr, ptr));
        GET_VERIFY_RESULT = handle("SSL_get_verify_result", FunctionDescriptor.of(ptr, ptr));
        VERIFY_ERROR_STRING = handle("X509_verify_cert_error_string", FunctionDescriptor.of(ptr, ptr));
    }

    private PeerVerification() {
    }

    /** Has {@code ctx} trust the system's certificate store (Debian: /etc/ssl/certs); false when OpenSSL refused. */
    public static boolean trustSystemStore(long ctx) {
        try {
            return (int) CTX_SET_DEFAULT_VERIFY_PATHS.invokeExact(ctx) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Has the connection {@code ssl} accept only a certificate for the DNS name at {@code name} (a C string):
     * its subjectAltName, as RFC 6125 matches it.
     */
    public static boolean expectName(long ssl, long name) {
        try {
            return (int) SET1_HOST.invokeExact(ssl, name) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Has the connection {@code ssl} accept only a certificate for the IP address written at {@code address}. */
    public static boolean expectAddress(long ssl, long address) {
        try {
            long param = (long) GET0_PARAM.invokeExact(ssl);
            return (int) PARAM_SET1_IP_ASC.invokeExact(param, address) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** What verifying the peer's chain said: {@link #X509_V_OK} or an {@code X509_V_ERR_*} code. */
    public static long result(long ssl) {
        try {
            return (long) GET_VERIFY_RESULT.invokeExact(ssl);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** OpenSSL's words for a verification result ("self-signed certificate"); allocates. */
    public static String describe(long result) {
        try {
            long text = (long) VERIFY_ERROR_STRING.invokeExact(result);
            return text == 0 ? "verification error " + result : MemorySegment.ofAddress(text).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
