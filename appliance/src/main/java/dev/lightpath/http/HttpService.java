package dev.lightpath.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP service the appliance runs: its limits and its routes as configured. {@link #load} builds the
 * routes once (reading each docroot once, whatever number of routes or cores share it).
 */
public record HttpService(HttpSettings settings, List<RouteSpec> routes) {
    public HttpService {
        routes = List.copyOf(routes);
    }

    /** The routes, with their content loaded; the caller closes the content when the engine stops. */
    public LoadedRoutes load() {
        Map<Path, StaticContent> contents = new HashMap<>();
        List<Route> built = new ArrayList<>();
        for (RouteSpec spec : routes) {
            built.add(spec.toRoute(dir -> contents.computeIfAbsent(dir.toAbsolutePath().normalize(),
                    root -> StaticContent.load(root, settings.serveDotfiles))));
        }
        return new LoadedRoutes(new Routes(built), List.copyOf(contents.values()));
    }

    /** Routes ready to serve, and the static content they hold (released by {@link #close}). */
    public record LoadedRoutes(Routes routes, List<StaticContent> contents) implements AutoCloseable {
        @Override
        public void close() {
            contents.forEach(StaticContent::close);
        }
    }
}
