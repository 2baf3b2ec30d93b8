package dev.lightpath.http;

/**
 * Where a connection is in its current request, one byte per connection slot. A connection reads a
 * {@link #HEAD}; a head that announces a body moves it to {@link #BODY} (a length) or {@link #CHUNKED}; an answer
 * held for a route's delay moves it to {@link #WAIT}; any answer that ends the connection moves it to
 * {@link #CLOSING}, from which nothing goes back. Everything else returns to {@code HEAD}.
 */
final class RequestPhase {
    /** Reading a request head (or between requests). */
    static final byte HEAD = 0;
    /** Counting off a body of known length. */
    static final byte BODY = 1;
    /** Decoding a chunked body. */
    static final byte CHUNKED = 2;
    /** The answer waits for the route's delay; what arrives meanwhile is buffered. */
    static final byte WAIT = 3;
    /** The connection is ending: whatever arrives is dropped. */
    static final byte CLOSING = 4;

    private RequestPhase() {
    }
}
