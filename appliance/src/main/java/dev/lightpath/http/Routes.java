package dev.lightpath.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The routes of a server, most specific first: an exact path before prefixes, longer prefixes before shorter. */
public final class Routes {
    private final Route[] routes;

    public Routes(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing((Route r) -> r.prefix).thenComparing(r -> -r.pathBytes.length));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).path.equals(sorted.get(i - 1).path)) {
                throw new IllegalArgumentException("two routes for " + sorted.get(i).path);
            }
        }
        this.routes = sorted.toArray(new Route[0]);
    }

    /** The route for the normalised path {@code path[0..length)}, or null (404). */
    public Route match(byte[] path, int length) {
        for (Route route : routes) {
            if (route.matches(path, length)) {
                return route;
            }
        }
        return null;
    }

    public List<Route> all() {
        return List.of(routes);
    }
}
