package dev.lightpath.http;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tls.TlsLayer;

/**
 * One core's HTTP server as that core's application: its timers polled by the worker, its counters read with the
 * stack's, and those of the TLS layer in front of it when it serves HTTPS too ({@code tls} null when not).
 */
public record HttpApplication(HttpServer server, TlsLayer tls) implements CoreApplication {
    public HttpApplication(HttpServer server) {
        this(server, null);
    }

    @Override
    public void timeIs(long nowNanos) {
        server.timeIs(nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        return tls == null ? server.poll(nowNanos) : server.poll(nowNanos) + tls.poll();
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        server.forEach(visitor);
        if (tls != null) {
            tls.forEach(visitor);
        }
    }

    @Override
    public void drain() {
        server.drain();
    }
}
