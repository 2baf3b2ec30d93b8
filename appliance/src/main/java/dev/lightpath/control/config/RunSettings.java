package dev.lightpath.control.config;

import dev.lightpath.control.logging.ConsoleLog;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.echo.EchoSettings;
import dev.lightpath.http.HttpSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings only {@code appliance run} has, beside the shared ones ({@link EngineSettings}) and the TCP ones
 * ({@link TcpSettings}): hugepages, the echo service, the metrics endpoint, the log, and the HTTP server's keys
 * (its routes, tables of their own, are declared in {@link TableSettings}). Defaults are the engine's own
 * ({@link HttpSettings}, {@link EchoSettings}), so that they are stated in one place.
 */
public final class RunSettings {
    private static final HttpSettings HTTP = new HttpSettings();
    private static final EchoSettings ECHO = new EchoSettings();

    public static final Setting<RunConfig, Integer> HUGEPAGES = SettingBuilder.integer("port.hugepages", 0, 1_000_000)
            .flag("N", "--hugepages")
            .help("Have N hugepages of the default size free before DPDK starts: reserve what is missing (root) and "
                    + "mount hugetlbfs at /dev/hugepages when none is mounted; fail if they cannot be had. With 0, "
                    + "hugepages are used when mounted and free, else --no-huge")
            .byDefault(0).at(c -> c.hugepages, (c, v) -> c.hugepages = v);

    public static final Setting<RunConfig, Boolean> ECHO_ENABLED = SettingBuilder.bool("echo.enabled")
            .flag(null, "--echo").help("Serve the echo protocol (RFC 862) on port 7").byDefault(false)
            .at(c -> c.echo, (c, v) -> c.echo = v);

    public static final Setting<RunConfig, Long> ECHO_IDLE_TIMEOUT = SettingBuilder.nanos("echo.idle_timeout")
            .help("A TCP echo connection on which nothing moves either way for this long is closed (0s: never)")
            .byDefault(ECHO.idleTimeoutNanos)
            .at(c -> c.echoLimits.idleTimeoutNanos, (c, v) -> c.echoLimits.idleTimeoutNanos = v);

    public static final Setting<RunConfig, Integer> ECHO_UDP_RATE = SettingBuilder.integer("echo.udp_rate", 0,
                    1_000_000_000)
            .help("UDP datagrams echoed per second to one source address; 0: no limit").byDefault(ECHO.udpRatePerSource)
            .at(c -> c.echoLimits.udpRatePerSource, (c, v) -> c.echoLimits.udpRatePerSource = v);

    public static final Setting<RunConfig, String> LOG_LEVEL = SettingBuilder.text("log.level", ConsoleLog::parseLevel)
            .flag("LEVEL", "--log-level").help("Log on stderr from this level: error, warn, info or debug")
            .byDefault("info").at(c -> c.logLevel, (c, v) -> c.logLevel = v);

    public static final Setting<RunConfig, Integer> HTTP_PORT = SettingBuilder.integer("http.port", 1, 65535,
                    n -> n + " is not a port (1-65535)")
            .flag("PORT", "--http-port").help("The HTTP service's TCP port").byDefault(HTTP.port)
            .at(c -> c.http.port, (c, v) -> c.http.port = v);

    public static final Setting<RunConfig, String> DOCROOT = SettingBuilder.text("http.docroot", text -> {
                if (!Files.isDirectory(Path.of(text))) {
                    throw new IllegalArgumentException(text + " is not a directory");
                }
                return text;
            }).flag("DIR", "--docroot")
            .help("Serve the files under DIR over HTTP at / (loaded into memory at start; in the file, relative to "
                    + "the file)")
            .fromFile((raw, file) -> file.resolveSibling((String) raw).normalize().toString())
            .at(c -> c.docroot, (c, v) -> c.docroot = v);

    public static final Setting<RunConfig, Long> MAX_BODY = SettingBuilder.whole("http.max_body", 0, Long.MAX_VALUE,
                    n -> "cannot be negative")
            .help("Largest request body, in bytes (413 beyond)").byDefault(HTTP.maxBody)
            .at(c -> c.http.maxBody, (c, v) -> c.http.maxBody = v);

    public static final Setting<RunConfig, Long> REQUEST_TIMEOUT = SettingBuilder.nanos("http.request_timeout")
            .help("A request whose head or body stops arriving for this long is answered 408 and closed")
            .byDefault(HTTP.requestTimeoutNanos)
            .at(c -> c.http.requestTimeoutNanos, (c, v) -> c.http.requestTimeoutNanos = v);

    public static final Setting<RunConfig, Long> KEEPALIVE_TIMEOUT = SettingBuilder.nanos("http.keepalive_timeout")
            .help("A kept-alive connection with no new request for this long is closed")
            .byDefault(HTTP.keepAliveTimeoutNanos)
            .at(c -> c.http.keepAliveTimeoutNanos, (c, v) -> c.http.keepAliveTimeoutNanos = v);

    public static final Setting<RunConfig, Integer> MAX_REQUESTS = SettingBuilder.integer(
                    "http.max_requests_per_connection", 0, Integer.MAX_VALUE)
            .help("Requests on one connection before it is closed (0: no limit)")
            .byDefault(HTTP.maxRequestsPerConnection)
            .at(c -> c.http.maxRequestsPerConnection, (c, v) -> c.http.maxRequestsPerConnection = v);

    public static final Setting<RunConfig, Integer> MAX_CONNECTIONS = SettingBuilder.integer("http.max_connections", 0,
                    Integer.MAX_VALUE)
            .help("Open connections per core beyond which requests are answered 503 (0: no limit)")
            .byDefault(HTTP.maxConnections).at(c -> c.http.maxConnections, (c, v) -> c.http.maxConnections = v);

    public static final Setting<RunConfig, String> ACCESS_LOG = SettingBuilder.text("http.access_log", text -> text)
            .flag("FILE", "--access-log")
            .help("Log every request (Common Log Format) to FILE, from a thread of its own; off by default")
            .fromFile((raw, file) -> file.resolveSibling((String) raw).normalize().toString())
            .at(c -> c.http.accessLog == null ? null : c.http.accessLog.toString(),
                    (c, v) -> c.http.accessLog = v == null ? null : Path.of(v));

    public static final Setting<RunConfig, Boolean> SERVE_DOTFILES = SettingBuilder.bool("http.serve_dotfiles")
            .help("Serve files and directories whose name starts with '.' (else 404, except /.well-known/)")
            .byDefault(HTTP.serveDotfiles).at(c -> c.http.serveDotfiles, (c, v) -> c.http.serveDotfiles = v);

    public static final Setting<RunConfig, Integer> MAX_CHUNK_LINE = SettingBuilder.integer("http.max_chunk_line", 16,
                    1 << 20)
            .help("Longest chunk-size line of a chunked body, in bytes (400 beyond)").byDefault(HTTP.maxChunkLine)
            .at(c -> c.http.maxChunkLine, (c, v) -> c.http.maxChunkLine = v);

    public static final Setting<RunConfig, Integer> MAX_TRAILERS = SettingBuilder.integer("http.max_trailers", 16,
                    1 << 24)
            .help("Longest trailer section of a chunked body, in bytes (431 beyond)").byDefault(HTTP.maxTrailers)
            .at(c -> c.http.maxTrailers, (c, v) -> c.http.maxTrailers = v);

    /** The settings of {@code run} alone, in the order the help and {@code check-config} give them. */
    public static final List<Setting<RunConfig, ?>> OWN = List.of(HUGEPAGES, ECHO_ENABLED, ECHO_IDLE_TIMEOUT,
            ECHO_UDP_RATE, LOG_LEVEL, HTTP_PORT, DOCROOT, SERVE_DOTFILES, MAX_BODY, MAX_CHUNK_LINE,
            MAX_TRAILERS, REQUEST_TIMEOUT, KEEPALIVE_TIMEOUT, MAX_REQUESTS, MAX_CONNECTIONS, ACCESS_LOG);

    /** Every setting of {@code run}: the shared ones, its own, TCP's and TLS's. */
    public static final List<Setting<RunConfig, ?>> ALL = Settings.concat(EngineSettings.ALL, OWN, TcpSettings.ALL,
            TlsSettings.ALL);

    /** The rules across {@code run}'s settings, checked on the values it ends with (and by check-config). */
    public static final List<SettingRule<RunConfig>> RULES = List.of(
            SettingRule.of("IPv6 is served beside IPv4, not alone yet: give an IPv4 ADDR/PREFIX as well",
                    c -> c.address == null && c.address6 != null, EngineSettings.ADDRESS, EngineSettings.ADDRESS6),
            SettingRule.of("an IPv6 gateway without an IPv6 address: give the address too",
                    c -> c.gateway6 != null && c.address6 == null, EngineSettings.GATEWAY6, EngineSettings.ADDRESS6),
            SettingRule.of("HTTPS is given but nothing is served over HTTP: give a docroot or routes",
                    c -> TlsSettings.enabled(c) && c.httpService() == null, TlsSettings.CERTIFICATE, DOCROOT),
            SettingRule.of("HTTPS and HTTP on the same port",
                    c -> TlsSettings.enabled(c) && c.tls.port == c.http.port, TlsSettings.PORT, HTTP_PORT));

    private RunSettings() {
    }
}
