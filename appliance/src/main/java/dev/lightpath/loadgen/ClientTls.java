package dev.lightpath.loadgen;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tls.TlsClientRole;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.tls.TlsCounters;
import dev.lightpath.tls.TlsLayer;

/**
 * One core's TLS for a load client over https://: the client {@link TlsLayer} that TCP hands the connections to,
 * each connection's lane as its resumption key, and why a connection failed as the run counts it.
 */
public final class ClientTls {
    private final TlsLayer layer;

    ClientTls(TlsClientSettings settings, StreamHandler client, int capacity, int lanes) {
        layer = TlsLayer.client(settings, client, capacity, lanes);
    }

    /** What TCP hands the connections to. */
    StreamHandler handler() {
        return layer;
    }

    /**
     * A connection of {@code lane} to {@code target} (an index into the run's targets) is opening in {@code slot}:
     * it resumes that lane's session, and sends and checks that target's name (or checks its address).
     */
    void opening(int slot, int lane, int target) {
        layer.client().keyOf(slot, lane, target);
    }

    /** Why TLS failed the connection in {@code slot}, or null when it did not. */
    ErrorKind failure(int slot) {
        return switch (layer.client().failure(slot)) {
            case TlsClientRole.VERIFY_FAILED -> ErrorKind.TLS_VERIFY;
            case TlsClientRole.TLS_FAILED -> ErrorKind.TLS;
            default -> null;
        };
    }

    /** This core's handshakes, resumptions and failures by alert; read after the run. */
    public TlsCounters counters() {
        return layer.counters();
    }

    /** Connections whose server's certificate did not verify. */
    public long verifyFailures() {
        return layer.client().verifyFailures();
    }

    /** OpenSSL's words for this core's first TLS failure, or null. */
    public String firstFailure() {
        return layer.client().firstFailure();
    }

    void forEach(CounterVisitor visitor) {
        layer.forEach(visitor);
    }

    /** Frees the context and the kept sessions, once the worker has stopped. */
    void close() {
        layer.close();
    }
}
