package dev.lightpath.control.config;

import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.echo.EchoSettings;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.engine.PortOptions;
import dev.lightpath.engine.Tso;
import dev.lightpath.http.HttpService;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.RouteSpec;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tls.TlsConnectionMemory;
import dev.lightpath.tls.TlsServerSettings;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.Ipv6Config;
import dev.lightpath.net.NetSettings;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;

import java.nio.file.Path;
import java.util.ArrayList;
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
    /** Whether the process's other threads are kept off the workers' cores ({@code engine.isolate_jvm_threads}). */
    public boolean isolateJvmThreads = EngineSettings.ISOLATE_JVM_THREADS.defaultValue();
    /** How long the JIT warm-up runs before the workers take traffic; zero for none. */
    public java.time.Duration jitWarmup = EngineSettings.JIT_WARMUP.defaultValue();
    /** Hugepages of the default size to have free before the EAL starts, reserved when missing; 0 for no request. */
    public int hugepages = RunSettings.HUGEPAGES.defaultValue();
    /** Whether the port checks and fills in checksums where it can ({@code port.checksum_offload}). */
    public boolean checksumOffload = EngineSettings.CHECKSUM_OFFLOAD.defaultValue();
    /** The link's MTU ({@code port.mtu}). */
    public int mtu = EngineSettings.MTU.defaultValue();
    /** Bytes of frame per receive buffer, 0 for a whole frame ({@code port.rx_data_room}). */
    public int rxDataRoom = EngineSettings.RX_DATA_ROOM.defaultValue();
    /** auto, on or off ({@code port.tso}). */
    public String tso = EngineSettings.TSO.defaultValue();
    public boolean echo;
    /** The echo services' limits from the [echo] section; defaults where it says nothing. */
    public EchoSettings echoLimits = new EchoSettings();
    /** The counters file; null for the default, /dev/shm/lightpath-PID.counters. */
    public String statsFile;
    /** HOST:PORT or off; null for the default ({@link MetricsAddress#DEFAULT}), which yields if the port is taken. */
    public String metricsAddress;
    public String logLevel = RunSettings.LOG_LEVEL.defaultValue();
    /** The HTTP server's limits from the [http] section; defaults where it says nothing. */
    public final HttpSettings http = new HttpSettings();
    /** The directory served at "/", or null. */
    public String docroot;
    /** TCP settings from the [tcp] section; defaults where it says nothing. */
    public TcpConfig tcp = new TcpConfig();
    /** Connections per core as given (tcp.max_connections); null: {@link ConnectionBudget#derive derived}. */
    public Integer tcpMaxConnections;
    public List<RouteSpec> routes = new ArrayList<>();
    /** HTTPS, from the [tls] section (declared in {@link TlsSettings}); off while it names no certificate. */
    public final TlsServerSettings tls = new TlsServerSettings();

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = Settings.schema(RunSettings.ALL);
        keys.put(TableSettings.ROUTES.key(), ConfigFile.Type.TABLE_LIST);
        return java.util.Collections.unmodifiableMap(keys);
    }

    /**
     * Reads a configuration file over the current values, checking every value as it goes.
     *
     * @throws ConfigException listing each problem with its key and line
     */
    public RunConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file, SCHEMA);
        Settings.load(config, file, this, RunSettings.ALL);
        TlsSettings.problems(tls, java.time.Instant.now()).forEach(config::problem);
        routes.addAll(TableSettings.ROUTES.load(config, file));
        config.check();
        return this;
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
        if (TlsSettings.enabled(this)) {
            http.tls = tls;
        }
        return new HttpService(http, all);
    }

    /**
     * The IPv6 address and gateway taken together (each key checks its own value alone), or null without an
     * address; throws naming both keys when the gateway is not a neighbour on the address's link.
     */
    public Ipv6Config ipv6() {
        if (address6 == null) {
            return null;
        }
        try {
            return Ipv6Config.parse(address6, gateway6);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IPv6 " + e.getMessage() + " [ip.address6, ip.gateway6]", e);
        }
    }

    /** The engine's settings; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    public ApplianceSettings settings() {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device: give --device or port.devices in the configuration");
        }
        SettingRule.checkAll(this, RunSettings.RULES);
        if (address == null) {
            throw new IllegalArgumentException("no address: give --ip or ip.address in the configuration");
        }
        // What a flag may have set: the [tcp] keys have no flags and were checked as the file was read.
        Settings.check(this, EngineSettings.ALL);
        Settings.check(this, RunSettings.OWN);
        InterfaceConfig config = ipv4();
        if (address6 != null) {
            config = config.withIpv6(ipv6());
        }
        httpService(); // checked with the rest, though the engine does not take it: every error before anything starts
        sizeTable(Runtime.getRuntime().maxMemory());
        return new ApplianceSettings(devices, CoreList.parse(cores), config, NetSettings.defaults(), idle, mempool,
                eal, tcp).withPort(new PortOptions(checksumOffload, mtu, rxDataRoom,
                Tso.parse(tso))).withJvmThreadsIsolated(isolateJvmThreads);
    }

    /** Sets the table's size per core from tcp.max_connections or the memory given; refuses what the heap cannot hold. */
    public void sizeTable(long maxHeap) {
        int workers = CoreList.parse(cores).size();
        if (tcpMaxConnections != null) {
            tcp.tableCapacity = tcpMaxConnections;
        } else if (TlsSettings.enabled(this)) {
            tcp.tableCapacity = ConnectionBudget.derive(mempool, workers, maxHeap, tcp, hostMemory(),
                    TlsConnectionMemory.ESTABLISHED_BYTES);
        } else {
            tcp.tableCapacity = ConnectionBudget.derive(mempool, workers, maxHeap, tcp);
        }
        String problem = ConnectionBudget.check(tcp.tableCapacity, workers, maxHeap, tcp);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The host's memory (a container's limit inside one), which TLS connections' native memory comes from. */
    static long hostMemory() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
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
        int address = Ipv4Address.parse(parts[0]);
        String why = Ipv4Address.whyNoNodeHolds(address);
        if (why == null) {
            why = Ipv4Address.whySubnetReserves(address, prefix);
        }
        if (why != null) {
            throw new IllegalArgumentException("'" + text + "': " + parts[0].trim() + " is " + why
                    + ": it cannot be this node's address");
        }
        return new int[] {address, prefix};
    }

    /** A next hop: an address a single neighbour can hold. Leaving the gateway out is how none is given. */
    static int parseGateway(String text) {
        int gateway = Ipv4Address.parse(text);
        String why = Ipv4Address.whyNoNodeHolds(gateway);
        if (why != null) {
            throw new IllegalArgumentException(text.trim() + " cannot be a next hop: it is " + why
                    + "; leave the gateway out for none");
        }
        return gateway;
    }

    /**
     * This side's IPv4 interface from the address and gateway taken together (each key checks its own value
     * alone); throws naming both keys when the gateway is no neighbour on the address's subnet.
     */
    public InterfaceConfig ipv4() {
        int[] ip = parseAddress(address);
        int gw = gateway == null || gateway.isBlank() ? 0 : parseGateway(gateway);
        try {
            if (gw == ip[0]) {
                throw new IllegalArgumentException("gateway " + gateway.trim() + " is the interface's own address: the "
                        + "next hop is another node on the link");
            }
            String why = gw == 0 ? null : Ipv4Address.whySubnetReserves(gw, ip[1]);
            if (why != null && Ipv4Address.sameSubnet(ip[0], gw, ip[1])) {
                throw new IllegalArgumentException("gateway " + gateway.trim() + " is " + why
                        + ": the next hop is a single node");
            }
            return new InterfaceConfig(0, ip[0], ip[1], gw, vlan == null ? EthernetFrame.UNTAGGED : vlan, mtu);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " [ip.address, ip.gateway]", e);
        }
    }

    /** The effective configuration, as a configuration file would say it. */
    public String describe() {
        return Settings.describe(this, RunSettings.ALL) + TableSettings.ROUTES.describe(this);
    }

    static String quoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\t", "\\t") + "\"");
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}
