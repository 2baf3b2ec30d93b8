package dev.lightpath.engine;

import dev.lightpath.http.HttpServer;
import dev.lightpath.metrics.CounterVisitor;

/** The HTTP server as the application of a worker's core. */
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
