package dev.lightpath.control.config;

import dev.lightpath.http.RouteSpec;
import dev.lightpath.loadgen.LoadRequest;

import java.nio.file.Path;
import java.util.List;

import static dev.lightpath.control.config.TableSetting.field;

/**
 * The lists of tables the files hold, declared once field by field as {@link TableSetting}s: {@code run}'s
 * routes, and {@code loadgen}'s request mix and rate profile. A field is checked by its kind as a scalar setting
 * is, and what only the whole table can say (a field missing) is the record's to refuse.
 */
public final class TableSettings {
    private TableSettings() {
    }

    private static final String NEEDS_PATH_AND_TYPE = "a route needs a path and a type (" + String.join(", ",
            RouteSpec.TYPES) + ")";

    public static final TableSetting<RunConfig, RouteSpec> ROUTES = new TableSetting<>("http.route",
            "An HTTP route, matched most specific first (config/demo.toml shows each type)", List.of(
            field(SettingBuilder.text("http.route.path", TableSettings::absolutePath)
                    .help("The path it serves: exact, or a prefix when it ends in '/'")),
            field(SettingBuilder.text("http.route.type", TableSettings::routeType)
                    .help("What it does: " + String.join(", ", RouteSpec.TYPES))),
            field(SettingBuilder.text("http.route.docroot", text -> text)
                    .fromFile((raw, file) -> file.resolveSibling((String) raw).normalize().toString())
                    .help("A static route's directory, relative to the file")),
            field(SettingBuilder.text("http.route.location", text -> text).help("Where a redirect sends")),
            field(SettingBuilder.integer("http.route.status", 100, 599, n -> n + " is not an HTTP status (100-599)")
                    .help("The status a fixed response, redirect or sink answers (each type has its own default)")),
            field(SettingBuilder.text("http.route.content_type", text -> text).help("A fixed response's Content-Type")),
            field(SettingBuilder.text("http.route.body", text -> text).help("A fixed response's body")),
            field(SettingBuilder.strings("http.route.headers").help("Extra header lines of a fixed response")),
            field(SettingBuilder.nanos("http.route.delay").help("How long a fixed response is held back")),
            field(SettingBuilder.text("http.route.auth", TableSettings::userAndPassword)
                    .format(auth -> auth.substring(0, auth.indexOf(':')) + ":***")
                    .help("user:password: HTTP basic authentication required")),
            field(SettingBuilder.text("http.route.realm", text -> text).help("The realm basic authentication names"))),
            TableSettings::route, TableSettings::routeFields, c -> c.routes);

    public static final TableSetting<LoadgenConfig, LoadRequest> REQUESTS = new TableSetting<>("request",
            "One request of the mix, drawn at random in proportion to its weight", List.of(
            field(SettingBuilder.text("request.method", text -> text).help("The method, an upper-case token")
                    .byDefault("GET")),
            field(SettingBuilder.text("request.path", text -> text).help("The path asked for").byDefault("/")),
            field(SettingBuilder.strings("request.headers").help("Extra header lines")),
            field(SettingBuilder.text("request.body", text -> text).help("The body sent")),
            field(SettingBuilder.integer("request.weight", 1, 1_000_000).help("Its share of the requests")
                    .byDefault(1))),
            values -> new LoadRequest(values.get("method"), values.get("path"), values.get("headers"),
                    values.get("body"), values.<Integer>get("weight")),
            request -> new TableSetting.Fields().put("method", request.method()).put("path", request.path())
                    .put("headers", request.headers().isEmpty() ? null : request.headers()).put("body", request.body())
                    .put("weight", request.weight()),
            c -> c.requests);

    /** The profile point by point, each phase a point of {@code load.profile}'s text, {@code TIME:RATE}. */
    public static final TableSetting<LoadgenConfig, String> PHASES = new TableSetting<>("phase",
            "A point of the rate profile, in time order (not with load.profile)", List.of(
            field(SettingBuilder.text("phase.at", text -> text).help("Its time from the start of the measured run")),
            field(SettingBuilder.whole("phase.rate", 0, Long.MAX_VALUE, n -> "cannot be negative")
                    .help("Requests per second there"))),
            TableSettings::phasePoint, point -> new TableSetting.Fields()
                    .put("at", point.substring(0, point.lastIndexOf(':')))
                    .put("rate", Long.parseLong(point.substring(point.lastIndexOf(':') + 1))),
            c -> c.phases);

    private static String absolutePath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with '/', not '" + path + "'");
        }
        return path;
    }

    private static String routeType(String type) {
        if (!RouteSpec.TYPES.contains(type)) {
            throw new IllegalArgumentException("'" + type + "' is not one of " + RouteSpec.TYPES);
        }
        return type;
    }

    private static String userAndPassword(String auth) {
        if (auth.indexOf(':') <= 0) {
            throw new IllegalArgumentException("is user:password");
        }
        return auth;
    }

    private static RouteSpec route(TableSetting.Fields values) {
        String path = values.get("path");
        String type = values.get("type");
        if (path == null || type == null) {
            throw new IllegalArgumentException(NEEDS_PATH_AND_TYPE);
        }
        String docroot = values.get("docroot");
        Integer status = values.get("status");
        Long delay = values.get("delay");
        return new RouteSpec(path, type, docroot == null ? null : Path.of(docroot), values.get("location"),
                status == null ? 0 : status, values.get("content_type"), values.get("body"), values.get("headers"),
                delay == null ? 0 : delay, values.get("auth"), values.get("realm"));
    }

    private static TableSetting.Fields routeFields(RouteSpec route) {
        return new TableSetting.Fields().put("path", route.path()).put("type", route.type())
                .put("docroot", route.docroot() == null ? null : route.docroot().toString())
                .put("location", route.location()).put("status", route.status() == 0 ? null : route.status())
                .put("content_type", route.contentType()).put("body", route.body())
                .put("headers", route.headers().isEmpty() ? null : route.headers())
                .put("delay", route.delayNanos() == 0 ? null : route.delayNanos()).put("auth", route.auth())
                .put("realm", route.realm());
    }

    /** One phase as a point of {@code load.profile}'s text, {@code TIME:RATE}. */
    private static String phasePoint(TableSetting.Fields values) {
        String at = values.get("at");
        Long rate = values.get("rate");
        if (at == null || rate == null) {
            throw new IllegalArgumentException("a phase has an 'at' time and a 'rate'");
        }
        return at.strip() + ":" + rate;
    }
}
