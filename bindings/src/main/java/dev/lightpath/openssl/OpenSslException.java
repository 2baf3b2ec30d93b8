package dev.lightpath.openssl;

/**
 * An OpenSSL call failed. The message carries OpenSSL's own words for the first error on the thread's error
 * queue ({@code ERR_error_string_n}), so that "key values mismatch" or "no such file" reach the operator as
 * OpenSSL said them.
 */
public final class OpenSslException extends RuntimeException {
    private final long code;

    public OpenSslException(String message) {
        super(message);
        this.code = 0;
    }

    private OpenSslException(String message, long code) {
        super(message);
        this.code = code;
    }

    /** The packed OpenSSL error code ({@code ERR_get_error}), or 0 when OpenSSL queued none. */
    public long code() {
        return code;
    }

    /** Drains the thread's error queue into an exception naming the operation and OpenSSL's first error. */
    static OpenSslException fromErrorQueue(String operation) {
        long first = LibSsl.drainErrors();
        if (first == 0) {
            return new OpenSslException(operation + " failed (OpenSSL queued no error)", 0);
        }
        return new OpenSslException(operation + " failed: " + LibSsl.errorText(first), first);
    }
}
