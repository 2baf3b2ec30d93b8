package dev.lightpath.control.config;

import dev.lightpath.control.logging.ConsoleLog;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.echo.EchoSettings;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.engine.PortOptions;
import dev.lightpath.http.HttpService;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.RouteSpec;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tls.TlsServerSettings;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.Ipv6Config;
import dev.lightpath.net.NetSettings;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code appliance run} needs, from defaults, then the configuration file, then the command line:
 * each later source wins where it says something. {@link #settings()} checks the whole and builds the
 * engine's settings.
 */
public final class RunConfig {
    /** The keys a run configuration file may hold (see config/appliance.toml). */
    public static final Map<String, ConfigFile.Type> SCHEMA = schema();

    // The engine's settings: declared, checked and described in EngineSettings.
    public List<String> devices = new ArrayList<>();
    public String address;
    public String gateway;
    /** The IPv6 address as ADDR/PREFIX, and its gateway; null when the appliance speaks IPv4 only. */
    public String address6;
    public String gateway6;
    public Integer vlan;
    public String cores = EngineSettings.CORES.defaultValue();
    public String idle = EngineSettings.IDLE.defaultValue();
    public int mempool = EngineSettings.MEMPOOL.defaultValue();
    public List<String> eal = new ArrayList<>();
    /** How long the JIT warm-up runs before the workers take traffic; zero for none. */
    public java.time.Duration jitWarmup = java.time.Duration.ZERO;
    /** Hugepages of the default size to have free before the EAL starts, reserved when missing; 0 for no request. */
    public int hugepages;
    /** Whether the port checks and fills in checksums where it can ({@code port.checksum_offload}). */
    public boolean checksumOffload = EngineSettings.CHECKSUM_OFFLOAD.defaultValue();
    /** The link's MTU ({@code port.mtu}). */
    public int mtu = EngineSettings.MTU.defaultValue();
    public boolean echo;
    /** The echo services' limits from the [echo] section; defaults where it says nothing. */
    public EchoSettings echoLimits = new EchoSettings();
    /** The counters file; null for the default, /dev/shm/lightpath-PID.counters. */
    public String statsFile;
    /** HOST:PORT or off; null for the default ({@link MetricsAddress#DEFAULT}), which yields if the port is taken. */
    public String metricsAddress;
    public String logLevel = "info";
    public Integer httpPort;
    public String docroot;
    public Long maxBody;
    public String requestTimeout;
    public String keepAliveTimeout;
    public Integer maxRequestsPerConnection;
    public Integer maxConnections;
    public String accessLog;
    public Boolean serveDotfiles;
    public Integer maxChunkLine;
    public Integer maxTrailers;
    /** TCP settings from the [tcp] section; defaults where it says nothing. */
    public TcpConfig tcp = new TcpConfig();
    /** Connections per core as given (tcp.max_connections); null: {@link ConnectionBudget#derive derived}. */
    public Integer tcpMaxConnections;
    public List<RouteSpec> routes = new ArrayList<>();
    /** HTTPS, from the [tls] section (declared in {@link TlsSettings}); off while it names no certificate. */
    public final TlsServerSettings tls = new TlsServerSettings();

    /** The keys of one {@code [[http.route]]} table. */
    public static final Map<String, ConfigFile.Type> ROUTE_SCHEMA = routeSchema();

    private static Map<String, ConfigFile.Type> routeSchema() {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        keys.put("path", ConfigFile.Type.STRING);
        keys.put("type", ConfigFile.Type.STRING);
        keys.put("docroot", ConfigFile.Type.STRING);
        keys.put("location", ConfigFile.Type.STRING);
        keys.put("status", ConfigFile.Type.INTEGER);
        keys.put("content_type", ConfigFile.Type.STRING);
        keys.put("body", ConfigFile.Type.STRING);
        keys.put("headers", ConfigFile.Type.STRING_LIST);
        keys.put("delay", ConfigFile.Type.STRING);
        keys.put("auth", ConfigFile.Type.STRING);
        keys.put("realm", ConfigFile.Type.STRING);
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** The port, address and engine keys, the same for the appliance and the load generator. */
    static Map<String, ConfigFile.Type> engineKeys() {
        Map<String, ConfigFile.Type> keys = EngineSettings.schema();
        keys.put("engine.jit_warmup", ConfigFile.Type.STRING);
        return keys;
    }

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = engineKeys();
        keys.put("ip.address6", ConfigFile.Type.STRING);
        keys.put("ip.gateway6", ConfigFile.Type.STRING);
        keys.put("port.hugepages", ConfigFile.Type.INTEGER);
        keys.put("echo.enabled", ConfigFile.Type.BOOLEAN);
        keys.put("echo.idle_timeout", ConfigFile.Type.STRING);
        keys.put("echo.udp_rate", ConfigFile.Type.INTEGER);
        keys.put("stats.file", ConfigFile.Type.STRING);
        keys.put("metrics.address", ConfigFile.Type.STRING);
        keys.put("log.level", ConfigFile.Type.STRING);
        keys.put("http.port", ConfigFile.Type.INTEGER);
        keys.put("http.docroot", ConfigFile.Type.STRING);
        keys.put("http.max_body", ConfigFile.Type.INTEGER);
        keys.put("http.request_timeout", ConfigFile.Type.STRING);
        keys.put("http.keepalive_timeout", ConfigFile.Type.STRING);
        keys.put("http.max_requests_per_connection", ConfigFile.Type.INTEGER);
        keys.put("http.max_connections", ConfigFile.Type.INTEGER);
        keys.put("http.access_log", ConfigFile.Type.STRING);
        keys.put("http.serve_dotfiles", ConfigFile.Type.BOOLEAN);
        keys.put("http.max_chunk_line", ConfigFile.Type.INTEGER);
        keys.put("http.max_trailers", ConfigFile.Type.INTEGER);
        keys.put("http.route", ConfigFile.Type.TABLE_LIST);
        keys.put("tcp.max_connections", ConfigFile.Type.INTEGER);
        keys.put("tcp.table_capacity", ConfigFile.Type.INTEGER);
        keys.put("tcp.timed_flights", ConfigFile.Type.INTEGER);
        keys.put("tcp.syn_backlog", ConfigFile.Type.INTEGER);
        keys.put("tcp.syn_cookies", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.sack", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.timestamps", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.congestion_control", ConfigFile.Type.STRING);
        keys.put("tcp.rack", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.frto", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.time_wait", ConfigFile.Type.STRING);
        keys.put("tcp.idle_timeout", ConfigFile.Type.STRING);
        keys.put("tcp.keepalive", ConfigFile.Type.BOOLEAN);
        keys.put("tcp.keepalive_idle", ConfigFile.Type.STRING);
        keys.put("tcp.keepalive_interval", ConfigFile.Type.STRING);
        keys.put("tcp.keepalive_count", ConfigFile.Type.INTEGER);
        keys.put("tcp.send_buffer", ConfigFile.Type.INTEGER);
        keys.put("tcp.receive_window", ConfigFile.Type.INTEGER);
        keys.put("tcp.fin_timeout", ConfigFile.Type.STRING);
        keys.put("tcp.zero_window_timeout", ConfigFile.Type.STRING);
        keys.put("tcp.max_connections_per_source", ConfigFile.Type.INTEGER);
        keys.put("tcp.max_out_of_order_mbufs", ConfigFile.Type.INTEGER);
        keys.put("tcp.max_out_of_order_segments", ConfigFile.Type.INTEGER);
        keys.putAll(TlsSettings.schema());
        return Map.copyOf(keys);
    }

    /**
     * Reads a configuration file over the current values, checking every value as it goes.
     *
     * @throws ConfigException listing each problem with its key and line
     */
    public RunConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file, SCHEMA);
        EngineSettings.load(config, this);
        bounded(config, "port.hugepages", 0, 1_000_000).ifPresent(n -> hugepages = n);
        nanos(config, "engine.jit_warmup").ifPresent(n -> jitWarmup = java.time.Duration.ofNanos(n));
        config.bool("echo.enabled").ifPresent(e -> echo = e);
        nanos(config, "echo.idle_timeout").ifPresent(n -> echoLimits.idleTimeoutNanos = n);
        bounded(config, "echo.udp_rate", 0, 1_000_000_000).ifPresent(n -> echoLimits.udpRatePerSource = n);
        config.parsed("stats.file", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("name a file, or leave the key out for the default");
            }
            return text;
        }).ifPresent(f -> statsFile = f);
        config.parsed("metrics.address", text -> {
            MetricsAddress.parse(text);
            return text;
        }).ifPresent(a -> metricsAddress = a);
        config.parsed("log.level", text -> {
            ConsoleLog.parseLevel(text);
            return text;
        }).ifPresent(l -> logLevel = l);
        readHttp(config, file);
        TcpKeys.read(config, this);
        TlsSettings.load(config, this, file);
        for (ConfigFile.Table table : config.tables("http.route", ROUTE_SCHEMA)) {
            RouteSpec route = route(table, file);
            if (route != null) {
                routes.add(route);
            }
        }
        config.check();
        return this;
    }

    static java.util.Optional<Integer> bounded(ConfigFile config, String key, int least, int most) {
        return config.integer(key).map(n -> {
            if (n < least || n > most) {
                config.problem(key, n + " is outside " + least + ".." + most);
            }
            return (int) Math.max(least, Math.min(n, most));
        });
    }

    static java.util.Optional<Long> nanos(ConfigFile config, String key) {
        return config.parsed(key, text -> Durations.parse(text).toNanos());
    }

    /** One {@code [[http.route]]}; null (with the problem recorded) when it does not hold together. */
    private static RouteSpec route(ConfigFile.Table table, Path file) {
        String type = table.string("type");
        if (table.string("path") == null || type == null) {
            table.problem("a route needs a path and a type (" + String.join(", ", RouteSpec.TYPES) + ")");
            return null;
        }
        long delay = 0;
        if (table.string("delay") != null) {
            try {
                delay = Durations.parse(table.string("delay")).toNanos();
            } catch (IllegalArgumentException e) {
                table.problem("delay", e.getMessage());
                return null;
            }
        }
        Long status = table.integer("status");
        Path docroot = table.string("docroot") == null ? null : file.resolveSibling(table.string("docroot")).normalize();
        try {
            return new RouteSpec(table.string("path"), type, docroot, table.string("location"),
                    status == null ? 0 : (int) Math.max(0, Math.min(status, 999)), table.string("content_type"),
                    table.string("body"), table.strings("headers"), delay, table.string("auth"), table.string("realm"));
        } catch (IllegalArgumentException e) {
            table.problem(e.getMessage());
            return null;
        }
    }

    /** The HTTP service: routes from the file, the docroot served at "/" unless a route takes it, and health. */
    public HttpService httpService() {
        List<RouteSpec> all = new ArrayList<>(routes);
        if (docroot != null && all.stream().noneMatch(r -> r.path().equals("/"))) {
            all.add(RouteSpec.files("/", Path.of(docroot)));
        }
        if (all.isEmpty()) {
            return null;
        }
        if (all.stream().noneMatch(r -> r.path().equals("/healthz"))) {
            all.add(RouteSpec.health("/healthz"));
        }
        HttpSettings http = new HttpSettings();
        if (httpPort != null) {
            http.port = httpPort;
        }
        if (maxBody != null) {
            http.maxBody = maxBody;
        }
        if (requestTimeout != null) {
            http.requestTimeoutNanos = Durations.parse(requestTimeout).toNanos();
        }
        if (keepAliveTimeout != null) {
            http.keepAliveTimeoutNanos = Durations.parse(keepAliveTimeout).toNanos();
        }
        if (maxRequestsPerConnection != null) {
            http.maxRequestsPerConnection = maxRequestsPerConnection;
        }
        if (maxConnections != null) {
            http.maxConnections = maxConnections;
        }
        if (accessLog != null) {
            http.accessLog = Path.of(accessLog);
        }
        if (serveDotfiles != null) {
            http.serveDotfiles = serveDotfiles;
        }
        if (maxChunkLine != null) {
            http.maxChunkLine = maxChunkLine;
        }
        if (maxTrailers != null) {
            http.maxTrailers = maxTrailers;
        }
        if (TlsSettings.enabled(this)) {
            http.tls = tls;
        }
        return new HttpService(http, all);
    }

    /** The engine's settings; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    public ApplianceSettings settings() {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device: give --device or port.devices in the configuration");
        }
        if (address == null && address6 != null) {
            throw new IllegalArgumentException("no IPv4 address: IPv6 is served beside IPv4, not alone yet; give --ip "
                    + "ADDR/PREFIX or ip.address as well");
        }
        if (address == null) {
            throw new IllegalArgumentException("no address: give --ip or ip.address in the configuration");
        }
        EngineSettings.check(this);
        int[] ip = parseAddress(address);
        int gw = gateway == null || gateway.isBlank() ? 0 : Ipv4Address.parse(gateway);
        InterfaceConfig config = new InterfaceConfig(0, ip[0], ip[1], gw, vlan == null ? EthernetFrame.UNTAGGED : vlan, mtu);
        if (address6 != null) {
            try {
                config = config.withIpv6(Ipv6Config.parse(address6, gateway6));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("IPv6 " + e.getMessage() + " [ip.address6, ip.gateway6]", e);
            }
        } else if (gateway6 != null) {
            throw new IllegalArgumentException("an IPv6 gateway (" + gateway6 + ") without an IPv6 address: give --ip "
                    + "ADDR/PREFIX or ip.address6 too");
        }
        if (statsFile != null && statsFile.isBlank()) {
            throw new IllegalArgumentException("the stats file needs a name");
        }
        if (metricsAddress != null) {
            try {
                MetricsAddress.parse(metricsAddress);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metrics address " + e.getMessage(), e);
            }
        }
        ConsoleLog.parseLevel(logLevel);
        HttpService http = httpService(); // checked with the rest, though the engine does not take it: every error before anything starts
        if (TlsSettings.enabled(this)) {
            if (http == null) {
                throw new IllegalArgumentException("tls.certificate is given but nothing is served over HTTP: give "
                        + "--docroot, http.docroot or routes [tls.certificate]");
            }
            if (http.settings().port == tls.port) {
                throw new IllegalArgumentException("HTTPS and HTTP on the same port " + tls.port + " [tls.port, http.port]");
            }
        }
        sizeTable(Runtime.getRuntime().maxMemory());
        return new ApplianceSettings(devices, CoreList.parse(cores), config, NetSettings.defaults(), idle, mempool,
                eal, tcp).withPort(new PortOptions(checksumOffload, mtu));
    }

    /** The [http] section's own keys (its routes are read apart). */
    private void readHttp(ConfigFile config, Path file) {
        config.integer("http.port").ifPresent(n -> {
            if (n < 1 || n > 65535) {
                config.problem("http.port", n + " is not a port (1-65535)");
            }
            httpPort = (int) (long) n;
        });
        config.parsed("http.docroot", text -> {
            Path dir = file.resolveSibling(text).normalize();
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is not a directory");
            }
            return dir.toString();
        }).ifPresent(d -> docroot = d);
        config.integer("http.max_body").ifPresent(n -> {
            if (n < 0) {
                config.problem("http.max_body", "cannot be negative");
            }
            maxBody = n;
        });
        config.parsed("http.request_timeout", text -> {
            Durations.parse(text);
            return text;
        }).ifPresent(t -> requestTimeout = t);
        config.parsed("http.keepalive_timeout", text -> {
            Durations.parse(text);
            return text;
        }).ifPresent(t -> keepAliveTimeout = t);
        config.integer("http.max_requests_per_connection").ifPresent(n -> {
            if (n < 0 || n > Integer.MAX_VALUE) {
                config.problem("http.max_requests_per_connection", n + " is out of range");
            }
            maxRequestsPerConnection = (int) Math.min(n, Integer.MAX_VALUE);
        });
        config.integer("http.max_connections").ifPresent(n -> {
            if (n < 0 || n > Integer.MAX_VALUE) {
                config.problem("http.max_connections", n + " is out of range");
            }
            maxConnections = (int) Math.min(n, Integer.MAX_VALUE);
        });
        config.bool("http.serve_dotfiles").ifPresent(b -> serveDotfiles = b);
        bounded(config, "http.max_chunk_line", 16, 1 << 20).ifPresent(n -> maxChunkLine = n);
        bounded(config, "http.max_trailers", 16, 1 << 24).ifPresent(n -> maxTrailers = n);
        config.string("http.access_log").ifPresent(f -> accessLog = file.resolveSibling(f).normalize().toString());
    }

    /** Sets the table's size per core from tcp.max_connections or the memory given; refuses what the heap cannot hold. */
    public void sizeTable(long maxHeap) {
        int workers = CoreList.parse(cores).size();
        tcp.tableCapacity = tcpMaxConnections != null ? tcpMaxConnections : ConnectionBudget.derive(mempool, workers, maxHeap, tcp);
        String problem = ConnectionBudget.check(tcp.tableCapacity, workers, maxHeap, tcp);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** "ADDR/PREFIX" as {address, prefix length}. */
    static int[] parseAddress(String text) {
        if (text.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is an IPv6 address: it belongs in ip.address6");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || parts[1].isEmpty() || !parts[1].chars().allMatch(Character::isDigit) || parts[1].length() > 2) {
            throw new IllegalArgumentException("'" + text + "' is not ADDR/PREFIX (e.g. 198.18.0.1/24)");
        }
        int prefix = Integer.parseInt(parts[1]);
        Ipv4Address.mask(prefix);
        return new int[] {Ipv4Address.parse(parts[0]), prefix};
    }

    /** The effective configuration, as a configuration file would say it. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("[port]\n");
        EngineSettings.describe(this, "port", text);
        if (hugepages > 0) {
            text.append("hugepages = ").append(hugepages).append('\n');
        }
        text.append("\n[ip]\n");
        EngineSettings.describe(this, "ip", text);
        text.append("\n[engine]\n");
        EngineSettings.describe(this, "engine", text);
        text.append("jit_warmup = \"").append(jitWarmup.toMillis()).append("ms\"\n\n[echo]\nenabled = ").append(echo).append('\n');
        text.append("idle_timeout = \"").append(echoLimits.idleTimeoutNanos / 1_000_000).append("ms\"\n");
        text.append("udp_rate = ").append(echoLimits.udpRatePerSource).append('\n');
        text.append("\n[stats]\n");
        text.append(statsFile == null ? "# file = \"/dev/shm/lightpath-PID.counters\" (the default)\n"
                : "file = " + quoted(List.of(statsFile)).replaceAll("^\\[|\\]$", "") + "\n");
        text.append("\n[metrics]\naddress = \"").append(metricsAddress == null ? MetricsAddress.DEFAULT : metricsAddress)
                .append("\"\n");
        text.append("\n[log]\nlevel = \"").append(logLevel).append("\"\n");
        HttpService http = httpService();
        if (http != null) {
            text.append("\n[http]\nport = ").append(http.settings().port).append('\n');
            text.append("max_body = ").append(http.settings().maxBody).append('\n');
            text.append("request_timeout = \"").append(http.settings().requestTimeoutNanos / 1_000_000).append("ms\"\n");
            text.append("keepalive_timeout = \"").append(http.settings().keepAliveTimeoutNanos / 1_000_000).append("ms\"\n");
            text.append("max_requests_per_connection = ").append(http.settings().maxRequestsPerConnection).append('\n');
            text.append("max_connections = ").append(http.settings().maxConnections).append('\n');
            text.append("serve_dotfiles = ").append(http.settings().serveDotfiles).append('\n');
            text.append("max_chunk_line = ").append(http.settings().maxChunkLine).append('\n');
            text.append("max_trailers = ").append(http.settings().maxTrailers).append('\n');
            for (RouteSpec route : http.routes()) {
                text.append("\n[[http.route]]\npath = \"").append(route.path()).append("\"\ntype = \"").append(route.type()).append("\"\n");
                if (route.docroot() != null) {
                    text.append("docroot = \"").append(route.docroot()).append("\"\n");
                }
                if (route.location() != null) {
                    text.append("location = \"").append(route.location()).append("\"\n");
                }
                if (route.status() != 0) {
                    text.append("status = ").append(route.status()).append('\n');
                }
                if (route.delayNanos() != 0) {
                    text.append("delay = \"").append(route.delayNanos() / 1000).append("us\"\n");
                }
                if (route.auth() != null) {
                    text.append("auth = \"").append(route.auth().substring(0, route.auth().indexOf(':'))).append(":***\"\n");
                }
            }
        }
        TlsSettings.describe(this, text);
        return text.toString();
    }

    static String quoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}
