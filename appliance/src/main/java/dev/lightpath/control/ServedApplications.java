package dev.lightpath.control;

import dev.lightpath.control.config.RunConfig;
import dev.lightpath.echo.EchoService;
import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.CoreApplications;
import dev.lightpath.http.HttpService;
import dev.lightpath.http.HttpServing;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Routes;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run} serves on every core, as its configuration says: the echo services when enabled, the HTTP
 * server when it has routes, each in its own package, handed to the engine as one factory. Opened before the
 * engine starts (so a missing docroot is told before the port is taken) and closed after it has stopped.
 */
final class ServedApplications implements AutoCloseable {
    private final HttpServing http;
    private final CoreApplication.Factory factory;

    private ServedApplications(HttpServing http, CoreApplication.Factory factory) {
        this.http = http;
        this.factory = factory;
    }

    /** Loads the HTTP routes and opens the access log when there is HTTP to serve. */
    static ServedApplications of(RunConfig run) {
        List<CoreApplication.Factory> factories = new ArrayList<>();
        if (run.echo) {
            factories.add(new EchoService(run.echoLimits));
        }
        HttpService service = run.httpService();
        HttpServing http = service == null ? null : new HttpServing(service);
        if (http != null) {
            factories.add(http);
        }
        return new ServedApplications(http, factories.isEmpty() ? null : CoreApplications.of(factories));
    }

    /** The engine's factory; null when nothing is served above TCP. */
    CoreApplication.Factory factory() {
        return factory;
    }

    /** The routes served, or null without HTTP: what the JIT warm-up sends its requests to. */
    Routes routes() {
        return http == null ? null : http.routes();
    }

    /** The HTTP settings served, or the defaults without HTTP. */
    HttpSettings httpSettings() {
        return http == null ? new HttpSettings() : http.settings();
    }

    /** Serves new HTTPS connections with the certificate files as they are now; see {@link HttpServing#reloadCertificates}. */
    int reloadCertificates() {
        return http == null ? 0 : http.reloadCertificates();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
