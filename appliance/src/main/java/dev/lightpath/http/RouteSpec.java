package dev.lightpath.http;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A route as the configuration describes it, before its content is loaded: checked when read, turned into a
 * {@link Route} when the engine starts.
 *
 * @param type       static, redirect, fixed, sink or health
 * @param docroot    static: the directory served
 * @param location   redirect: where to
 * @param status     redirect, fixed, sink: the status answered (0 for the type's default)
 * @param headers    fixed: further header lines, "Name: value"
 * @param delayNanos fixed: how long each answer is held back
 * @param auth       "user:password" required by basic authentication, or null
 */
public record RouteSpec(String path, String type, Path docroot, String location, int status, String contentType,
                        String body, java.util.List<String> headers, long delayNanos, String auth, String realm) {
    public static final java.util.List<String> TYPES = java.util.List.of("static", "redirect", "fixed", "sink", "health");

    public RouteSpec {
        headers = headers == null ? java.util.List.of() : java.util.List.copyOf(headers);
        check(path, type, docroot, location, status, headers, auth);
    }

    public static RouteSpec files(String path, Path docroot) {
        return new RouteSpec(path, "static", docroot, null, 0, null, null, null, 0, null, null);
    }

    public static RouteSpec health(String path) {
        return new RouteSpec(path, "health", null, null, 0, null, null, null, 0, null, null);
    }

    private static void check(String path, String type, Path docroot, String location, int status,
                              java.util.List<String> headers, String auth) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with '/', not " + (path == null ? "nothing" : "'" + path + "'"));
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("route " + path + ": type '" + type + "' is not one of " + TYPES);
        }
        switch (type) {
            case "static" -> {
                if (docroot == null) {
                    throw new IllegalArgumentException("route " + path + ": a static route needs a docroot");
                }
                if (!java.nio.file.Files.isDirectory(docroot)) {
                    throw new IllegalArgumentException("route " + path + ": docroot " + docroot + " is not a directory");
                }
            }
            case "redirect" -> {
                if (location == null || location.isBlank()) {
                    throw new IllegalArgumentException("route " + path + ": a redirect needs a location");
                }
                if (status != 0 && status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                    throw new IllegalArgumentException("route " + path + ": a redirect answers 301, 302, 303, 307 or 308, not " + status);
                }
            }
            case "fixed" -> {
                if (status != 0 && (!HttpStatus.known(status) || status < 200 || status == 305)) {
                    throw new IllegalArgumentException("route " + path + ": status " + status + " is not one this server sends");
                }
            }
            case "sink" -> {
                if (status != 0 && status != 200 && status != 202 && status != 204) {
                    throw new IllegalArgumentException("route " + path + ": a sink answers 200, 202 or 204, not " + status);
                }
            }
            default -> {
            }
        }
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("route " + path + ": header '" + header + "' is not 'Name: value'");
            }
        }
        if (auth != null && (auth.indexOf(':') <= 0)) {
            throw new IllegalArgumentException("route " + path + ": auth is 'user:password'");
        }
    }

    /** The route, with static content from {@code loader} (so routes on one docroot share its memory). */
    public Route toRoute(Function<Path, StaticContent> loader) {
        Route route = switch (type) {
            case "static" -> Route.files(path, loader.apply(docroot));
            case "redirect" -> Route.redirect(path, location, status == 0 ? 302 : status);
            case "fixed" -> Route.fixed(path, status == 0 ? 200 : status, contentType, body, headerMap(), delayNanos);
            case "sink" -> Route.sink(path, status == 0 ? 202 : status);
            default -> Route.health(path);
        };
        if (auth != null) {
            int colon = auth.indexOf(':');
            route = route.withBasicAuth(auth.substring(0, colon), auth.substring(colon + 1), realm);
        }
        return route;
    }

    private Map<String, String> headerMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            map.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return map;
    }
}
