package dev.lightpath.loadgen;

import dev.lightpath.http.HttpRequest;

/**
 * A parsed response head, for the client role: the status and the fields that frame the body, as values
 * (nothing else of the head is kept). One instance per core, refilled for every response.
 */
public final class ClientResponseHead {
    int status;
    int version;
    int headLength;
    long contentLength;
    boolean chunked;
    boolean connectionClose;
    boolean connectionKeepAlive;

    void clear() {
        status = 0;
        version = 0;
        headLength = 0;
        contentLength = HttpRequest.ABSENT;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
    }

    public int status() {
        return status;
    }

    public int version() {
        return version;
    }

    public int headLength() {
        return headLength;
    }

    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    /** Whether the server keeps the connection after this response (RFC 9112 section 9.3). */
    public boolean keepAlive() {
        return version >= 11 ? !connectionClose : connectionKeepAlive && !connectionClose;
    }

    /**
     * How the body is delimited (RFC 9112 section 6.3): {@link #NO_BODY}, {@link #LENGTH}, {@link #CHUNKED} or
     * {@link #UNTIL_CLOSE}. {@code toHead} says the request was HEAD.
     */
    public int framing(boolean toHead) {
        if (toHead || status < 200 || status == 204 || status == 304) {
            return NO_BODY;
        }
        if (chunked) {
            return CHUNKED;
        }
        if (contentLength != HttpRequest.ABSENT) {
            return contentLength == 0 ? NO_BODY : LENGTH;
        }
        return UNTIL_CLOSE;
    }

    public static final int NO_BODY = 0;
    public static final int LENGTH = 1;
    public static final int CHUNKED = 2;
    public static final int UNTIL_CLOSE = 3;
}
