package dev.lightpath.openssl;

/**
 * OpenSSL's reason codes for the failures a TLS endpoint tells apart (the low bits of a packed error code), and the
 * offset at which a received alert becomes a reason: what a server counts its failures under. Copied from
 * {@code openssl/sslerr.h}, {@code openssl/ssl.h} and {@code openssl/err.h}, and checked against them by a test.
 */
public final class SslReasons {
    /** The reason's bits of a packed error code. */
    public static final long ERR_REASON_MASK = 0x7FFFFF;
    /** A fatal alert received from the peer is reported as this plus the alert's number. */
    public static final int SSL_AD_REASON_OFFSET = 1000;
    public static final int SSL_R_DATA_LENGTH_TOO_LONG = 146;
    public static final int SSL_R_ENCRYPTED_LENGTH_TOO_LONG = 150;
    public static final int SSL_R_NO_SHARED_CIPHER = 193;
    public static final int SSL_R_PACKET_LENGTH_TOO_LONG = 198;
    public static final int SSL_R_UNEXPECTED_MESSAGE = 244;
    public static final int SSL_R_UNEXPECTED_RECORD = 245;
    public static final int SSL_R_UNSUPPORTED_PROTOCOL = 258;
    public static final int SSL_R_WRONG_VERSION_NUMBER = 267;
    public static final int SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC = 281;

    private SslReasons() {
    }

    /** The reason of a packed error code. */
    public static int reason(long code) {
        return (int) (code & ERR_REASON_MASK);
    }
}
