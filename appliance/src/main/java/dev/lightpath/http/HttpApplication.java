package dev.lightpath.http;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.metrics.CounterVisitor;

/** One core's HTTP server as that core's application: its timers polled by the worker, its counters read with the stack's. */
public record HttpApplication(HttpServer server) implements CoreApplication {
    @Override
    public void timeIs(long nowNanos) {
        server.timeIs(nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        return server.poll(nowNanos);
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        server.forEach(visitor);
    }

    @Override
    public void drain() {
        server.drain();
    }
}
