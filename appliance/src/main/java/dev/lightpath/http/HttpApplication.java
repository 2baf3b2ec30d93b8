package dev.lightpath.http;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tls.CoreTicketKeys;
import dev.lightpath.tls.TlsLayer;

/**
 * One core's HTTP server as that core's application: its timers polled by the worker, its counters read with the
 * stack's, and those of the TLS layer in front of it when it serves HTTPS too ({@code tls} null when not), with
 * the session ticket keys the core takes up at its duty cycle ({@code ticketKeys}, null when they never change).
 */
public record HttpApplication(HttpServer server, TlsLayer tls, CoreTicketKeys ticketKeys) implements CoreApplication {
    public HttpApplication(HttpServer server) {
        this(server, null, null);
    }

    public HttpApplication(HttpServer server, TlsLayer tls) {
        this(server, tls, null);
    }

    @Override
    public void timeIs(long nowNanos) {
        server.timeIs(nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        int work = server.poll(nowNanos);
        if (tls != null) {
            work += tls.poll();
        }
        return ticketKeys == null ? work : work + ticketKeys.poll();
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        server.forEach(visitor);
        if (tls != null) {
            tls.forEach(visitor);
        }
        if (ticketKeys != null) {
            ticketKeys.forEach(visitor);
        }
    }

    @Override
    public void drain() {
        server.drain();
    }
}
