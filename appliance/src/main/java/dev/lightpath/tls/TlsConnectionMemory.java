package dev.lightpath.tls;

import java.util.Locale;

/**
 * Native memory one TLS connection holds on the server, outside the Java heap and the mempool: OpenSSL's SSL
 * object, its record buffers (about 17 kB each way, and only while they hold something:
 * {@code SSL_MODE_RELEASE_BUFFERS}) and the two memory BIOs (which keep the size of the largest burst they held).
 * Measured with glibc's mallinfo2 over 1,000 server sessions (TlsConnectionMemoryTest, the median of five runs):
 * 33 to 46 kB mid-handshake, 16 kB established after a 1 kB response, 36 to 37 kB after a 16 kB one (the output
 * BIO keeping the 16 kB record's room). The established figure is the largest rounded up;
 * the handshake figure, whose spread between runs is the widest, leaves about a fifth more. That test fails if a
 * connection comes to cost more.
 */
public final class TlsConnectionMemory {
    /** A handshake under way, its server flight sent (at most {@code tls.max_handshakes} per core). */
    public static final long HANDSHAKE_BYTES = 56 * 1024;
    /** An established connection, for as long as it lasts, idle or busy. */
    public static final long ESTABLISHED_BYTES = 40 * 1024;

    private TlsConnectionMemory() {
    }

    /** Native bytes of one core's TLS connections when all {@code connections} slots of its table hold one. */
    public static long perCore(int connections) {
        return connections * ESTABLISHED_BYTES;
    }

    /** What TLS adds to a core's memory, for check-config and the start-up lines. */
    public static String describe(int connections, int maxHandshakes) {
        return String.format(Locale.ROOT, "TLS: up to %,d MB of native memory per core (OpenSSL, outside the heap) "
                        + "when all %,d connections are TLS, %,d kB each; the %,d handshakes at once take at most %,d MB",
                perCore(connections) >> 20, connections, ESTABLISHED_BYTES >> 10, maxHandshakes,
                maxHandshakes * HANDSHAKE_BYTES >> 20);
    }
}
