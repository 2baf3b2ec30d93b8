package dev.lightpath.control.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.lightpath.metrics.CountersFileReader;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The management endpoint: {@code GET /metrics} serves the shared counters through the Prometheus client's
 * handler ({@link CountersCollector}), in Prometheus' text format or OpenMetrics as the scraper's Accept header
 * asks, gzipped when it accepts that, filtered by {@code name[]} when given; and
 * {@code GET /healthz} says whether the workers are alive (their heartbeat is recent). It runs on the kernel's
 * network stack on one platform thread of its own, never on a worker core, and reads the counters through
 * the shared file like any outside reader, so a scrape costs the data path nothing.
 */
public final class MetricsServer implements AutoCloseable {
    /** Longer than this without a heartbeat and the appliance is reported unhealthy. */
    public static final long DEFAULT_STALE_AFTER_MILLIS = 3_000;

    private final HttpServer server;
    private final ExecutorService thread;
    private final CountersFileReader counters;
    private final MetricsHandler metrics;
    private final EpochClock clock;
    private final long staleAfterMillis;

    private MetricsServer(HttpServer server, CountersFileReader counters, EpochClock clock, long staleAfterMillis) {
        this.server = server;
        this.counters = counters;
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(CountersCollector.of(counters));
        this.metrics = new MetricsHandler(registry);
        this.clock = clock;
        this.staleAfterMillis = staleAfterMillis;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("lightpath-metrics").daemon().factory());
        server.setExecutor(thread);
        server.createContext("/", this::route);
    }

    /**
     * Binds {@code address} (port 0: any free port) and starts serving. Throws {@link UncheckedIOException}
     * naming the address when it cannot be bound.
     */
    public static MetricsServer start(InetSocketAddress address, CountersFileReader counters, EpochClock clock,
                                      long staleAfterMillis) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + MetricsAddress.format(address) + " ("
                    + e.getMessage() + ")", e);
        }
        MetricsServer metrics = new MetricsServer(server, counters, clock, staleAfterMillis);
        server.start();
        return metrics;
    }

    /** The address actually bound (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Exact paths only: a context would also answer /metricsfoo. */
    private void route(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/metrics" -> serveMetrics(exchange);
            case "/healthz" -> health(exchange);
            default -> reply(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /healthz\n");
        }
    }

    private void serveMetrics(HttpExchange exchange) throws IOException {
        if (!readOnly(exchange)) {
            return;
        }
        metrics.handle(exchange);
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!readOnly(exchange)) {
            return;
        }
        if (!counters.live()) {
            reply(exchange, 503, "text/plain; charset=utf-8", "stopped\n");
            return;
        }
        long age = clock.time() - counters.heartbeatMillis();
        if (age > staleAfterMillis) {
            reply(exchange, 503, "text/plain; charset=utf-8", "stale: no heartbeat for " + age + " ms\n");
        } else {
            reply(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        }
    }

    private static boolean readOnly(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** Stops serving (requests in flight get up to a second to finish). */
    @Override
    public void close() {
        server.stop(1);
        thread.shutdownNow();
    }
}
