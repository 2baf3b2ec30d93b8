package dev.lightpath.http;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tls.CoreTicketKeys;
import dev.lightpath.tls.TicketKeyRotation;
import dev.lightpath.tls.TlsConnectionMemory;
import dev.lightpath.tls.TlsLayer;
import dev.lightpath.openssl.SslContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP service as the engine runs it: the routes loaded once (each docroot read once, whatever number of
 * cores serve it), the access log opened, and on each core a server listening on the configured port over that
 * core's TCP. Closed after the engine, since it owns the content the servers send and the log they write.
 */
public final class HttpServing implements CoreApplication.Factory, AutoCloseable {
    private final HttpSettings settings;
    private final HttpService.LoadedRoutes routes;
    private final RequestLog log;
    /** Every core's TLS layer (which owns that core's context), closed with the service. */
    private final List<TlsLayer> layers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every core's session ticket keys, in the order of {@code layers}. */
    private final List<CoreTicketKeys> coreKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The session ticket keys every core seals with, rotated on the schedule [tls] sets; null without TLS. */
    private final TicketKeyRotation ticketKeys;
    /** Connection slots per core, as the cores were made (for the start-up lines). */
    private volatile int tableCapacity;

    /** Loads the routes and opens the access log; throws {@link IllegalArgumentException} naming what failed. */
    public HttpServing(HttpService service) {
        settings = service.settings();
        routes = service.load();
        log = settings.accessLog == null ? null : openLog(settings, routes);
        ticketKeys = settings.tls == null ? null : new TicketKeyRotation(settings.tls.newTicketKeySchedule(), coreKeys);
    }

    private static RequestLog openLog(HttpSettings settings, HttpService.LoadedRoutes routes) {
        try {
            return new RequestLog(settings.accessLog);
        } catch (IOException e) {
            routes.close();
            throw new IllegalArgumentException("access log " + settings.accessLog + ": " + e.getMessage(), e);
        }
    }

    public HttpSettings settings() {
        return settings;
    }

    /** The routes every core serves (for a warm-up through a private copy of the stack). */
    public Routes routes() {
        return routes.routes();
    }

    @Override
    public CoreApplication create(int worker, int workers, NetStack net, TcpStack tcp) {
        TcpConfig config = tcp.config();
        HttpServer server = new HttpServer(settings, routes.routes(), config.tableCapacity, HttpServer.SYSTEM_WALL_MILLIS);
        tcp.listen(settings.port, server, config.synBacklog);
        TlsLayer tls = null;
        CoreTicketKeys keys = null;
        if (settings.tls != null) {
            SslContext context = settings.tls.newContext();
            keys = new CoreTicketKeys(ticketKeys.current());
            keys.attachTo(context);
            tls = new TlsLayer(context, server, config.tableCapacity, settings.tls.maxHandshakes);
            layers.add(tls);
            coreKeys.add(keys);
            tableCapacity = config.tableCapacity;
            tcp.listen(settings.tls.port, tls, config.synBacklog);
        }
        if (log != null) {
            server.logTo(log.newCore());
        }
        return new HttpApplication(server, tls, keys);
    }

    @Override
    public void allCreated() {
        if (log != null) {
            log.start();
        }
        if (ticketKeys != null) {
            ticketKeys.start();
        }
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "HTTP on port %d: %s", settings.port,
                String.join(", ", routes.routes().all().stream().map(Object::toString).toList())));
        if (settings.tls != null) {
            lines.add(settings.tls.toString());
            lines.add(TlsConnectionMemory.describe(tableCapacity, settings.tls.maxHandshakes));
        }
        for (StaticContent content : routes.contents()) {
            lines.add("docroot " + content);
        }
        return lines;
    }

    /**
     * Reads the certificate chain and key again and has every core serve new connections with them, connections
     * under way keeping what they were made with; returns how many cores were handed the new files. Throws
     * naming what OpenSSL refused, and then nothing changes. For SIGHUP, from any thread but the workers'.
     */
    public int reloadCertificates() {
        if (settings.tls == null) {
            return 0;
        }
        List<SslContext> fresh = new ArrayList<>();
        try {
            for (int i = 0; i < layers.size(); i++) {
                SslContext context = settings.tls.newContext();
                fresh.add(context);
                coreKeys.get(i).attachTo(context); // the core's keys, so its tickets outlive the certificate
            }
        } catch (RuntimeException e) {
            fresh.forEach(SslContext::close);
            throw e;
        }
        for (int i = 0; i < fresh.size(); i++) {
            layers.get(i).replaceContext(fresh.get(i));
        }
        return fresh.size();
    }

    /** Writes what the log still holds and releases the static content; after the engine has stopped. */
    @Override
    public void close() {
        if (log != null) {
            try {
                log.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ticketKeys != null) {
            ticketKeys.close();
        }
        layers.forEach(TlsLayer::close);
        coreKeys.forEach(CoreTicketKeys::close);
        routes.close();
    }
}
