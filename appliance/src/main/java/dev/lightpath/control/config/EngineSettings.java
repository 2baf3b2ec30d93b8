package dev.lightpath.control.config;

import dev.lightpath.engine.IdleStrategies;
import dev.lightpath.engine.PortOptions;
import dev.lightpath.engine.Tso;
import dev.lightpath.net.Ipv6Config;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The settings that {@code run} and {@code loadgen} share: the port, this side's address, the cores and how they
 * wait, the pool, further EAL arguments, the JIT warm-up and where the counters are published. Each is declared
 * here once ({@link Setting}); both commands' flags, both files' schemas and checks, and {@code check-config}'s
 * lines come from these declarations. Each command's own settings are declared in {@link RunSettings},
 * {@link TcpSettings} and {@link LoadgenSettings}.
 */
public final class EngineSettings {
    /** The fewest mbufs a pool may have (DPDK's per-core cache needs them), and the most a port takes. */
    static final int MIN_MEMPOOL = 1023;
    static final int MAX_MEMPOOL = 16_777_215;

    public static final Setting<RunConfig, List<String>> DEVICES = SettingBuilder.strings("port.devices")
            .flag("DEVARGS", "--device")
            .help("DPDK device arguments, e.g. net_af_packet0,iface=veth0, net_af_xdp0,iface=eth1 or "
                    + "net_memif0,role=server,socket=/tmp/m.sock, or a PCI address (0000:03:00.0, with the driver's "
                    + "arguments after a comma) of a NIC bound to vfio-pci (see 'appliance devices'). Repeatable; the "
                    + "first is the port used")
            .check(devices -> {
                if (devices.isEmpty()) {
                    throw new IllegalArgumentException("name at least one device");
                }
            }).at(c -> c.devices, (c, v) -> c.devices = v);

    public static final Setting<RunConfig, Integer> MEMPOOL = SettingBuilder.integer("port.mempool", MIN_MEMPOOL,
                    MAX_MEMPOOL)
            .flag("N", "--mempool").help("Mbufs in the packet pool, " + MIN_MEMPOOL + " to " + MAX_MEMPOOL)
            .byDefault(8191).at(c -> c.mempool, (c, v) -> c.mempool = v);

    public static final Setting<RunConfig, String> ADDRESS = family("ip.address", "--ip", "ADDR/PREFIX",
            "This side's address, e.g. 198.18.0.1/24; repeatable, once per family: --ip 198.18.0.1/24 --ip "
            + "2001:db8::1/64", false, RunConfig::parseAddress, c -> c.address, (c, v) -> c.address = v);

    public static final Setting<RunConfig, String> ADDRESS6 = family("ip.address6", "--ip", "ADDR/PREFIX",
            "This side's IPv6 address, e.g. 2001:db8::1/64", true, text -> Ipv6Config.parse(text, null),
            c -> c.address6, (c, v) -> c.address6 = v);

    public static final Setting<RunConfig, String> GATEWAY = family("ip.gateway", "--gateway", "ADDR",
            "Next hop for destinations off the subnet; repeatable, once per family", false, RunConfig::parseGateway,
            c -> c.gateway, (c, v) -> c.gateway = v);

    public static final Setting<RunConfig, String> GATEWAY6 = family("ip.gateway6", "--gateway", "ADDR",
            "The IPv6 next hop for destinations off the prefix", true, Ipv6Config::parseGateway, c -> c.gateway6,
            (c, v) -> c.gateway6 = v);

    public static final Setting<RunConfig, Boolean> CHECKSUM_OFFLOAD = SettingBuilder.bool("port.checksum_offload")
            .flag("on|off", "--checksum-offload")
            .help("Let the port check and fill in IPv4/TCP/UDP checksums (TCP's over IPv6 too) where it can")
            .byDefault(true)
            .at(c -> c.checksumOffload, (c, v) -> c.checksumOffload = v);

    public static final Setting<RunConfig, Integer> MTU = SettingBuilder.integer("port.mtu", PortOptions.MIN_MTU,
                    PortOptions.MAX_MTU)
            .flag("BYTES", "--mtu")
            .help("The link's MTU, " + PortOptions.MIN_MTU + " to " + PortOptions.MAX_MTU + "; above 1500, jumbo frames")
            .byDefault(PortOptions.DEFAULT_MTU).at(c -> c.mtu, (c, v) -> c.mtu = v);

    public static final Setting<RunConfig, Integer> VLAN = SettingBuilder.integer("ip.vlan", 1, 4094,
                    v -> v + " is not a VLAN id (1-4094)")
            .flag("ID", "--vlan").help("802.1Q VLAN id (1-4094) to live in; untagged when not given")
            .at(c -> c.vlan, (c, v) -> c.vlan = v);

    public static final Setting<RunConfig, String> CORES = SettingBuilder.text("engine.cores", CoreList::parse)
            .flag("LIST", "--cores").help("Worker cores, e.g. 1, 0-3, 0,2").byDefault("0")
            .at(c -> c.cores, (c, v) -> c.cores = v);

    public static final Setting<RunConfig, String> IDLE = SettingBuilder.text("engine.idle", IdleStrategies::parse)
            .flag("STRATEGY", "--idle").help("How idle workers wait: spin (lowest latency), backoff or sleep")
            .byDefault("spin").at(c -> c.idle, (c, v) -> c.idle = v);

    public static final Setting<RunConfig, Boolean> ISOLATE_JVM_THREADS = SettingBuilder.bool("engine.isolate_jvm_threads")
            .flag("on|off", "--isolate-jvm-threads")
            .help("Keep the process's other threads (the JIT's compilers, the GC, control) off the workers' cores, on "
                    + "the other cores it may use; where every core it may use runs a worker, nothing is moved")
            .byDefault(true).at(c -> c.isolateJvmThreads, (c, v) -> c.isolateJvmThreads = v);

    public static final Setting<RunConfig, List<String>> EAL = SettingBuilder.strings("engine.eal")
            .flag("ARGS", "--eal").help("Further EAL arguments, space-separated")
            .fromFlag(SettingBuilder.last(text -> text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"))),
                    false)
            .at(c -> c.eal, (c, v) -> c.eal = v);

    public static final Setting<RunConfig, Duration> JIT_WARMUP = SettingBuilder.duration("engine.jit_warmup")
            .flag("TIME", "--jit-warmup")
            .help("Before taking traffic, HTTP traffic this long through a private in-memory copy of the stack "
                    + "(keep-alive, a connection per request, pipelining, losses, timers), and on until 100,000 "
                    + "requests have gone through (at most 4x TIME), so the JIT has compiled the rare paths before "
                    + "real load meets them; for run, then as long again over two DPDK ring ports of its own with the "
                    + "port's mempool (the bulk path through the port's calls); for loadgen with https:// targets, HTTPS "
                    + "through its client TLS layer with the run's TLS choices; 0s for none")
            .byDefault(Duration.ZERO).at(c -> c.jitWarmup, (c, v) -> c.jitWarmup = v);

    public static final Setting<RunConfig, String> STATS_FILE = SettingBuilder.text("stats.file", text -> {
                if (text.isBlank()) {
                    throw new IllegalArgumentException("name a file, or leave it out for the default");
                }
                return text;
            }).flag("FILE", "--stats-file")
            .help("Where the workers publish their counters while they run, for 'appliance stat' and the metrics "
                    + "endpoint, removed at a clean stop. The appliance's default is "
                    + "/dev/shm/lightpath-<pid>.counters, where 'appliance stat' looks; the load generator publishes "
                    + "none by default, so that a bare 'appliance stat' keeps finding the appliance")
            .at(c -> c.statsFile, (c, v) -> c.statsFile = v);

    /** The largest receive buffer's data room a mempool element can hold. */
    private static final int MAX_RX_DATA_ROOM = 65407;

    public static final Setting<RunConfig, Integer> RX_DATA_ROOM = SettingBuilder.integer("port.rx_data_room", 0,
                    MAX_RX_DATA_ROOM, EngineSettings::notADataRoom)
            .flag("BYTES", "--rx-data-room")
            .help("Bytes of frame per receive buffer, " + PortOptions.MIN_RX_DATA_ROOM + " to " + MAX_RX_DATA_ROOM
                    + ", or 0 for a whole frame of the MTU; smaller than a frame, the port chains (scattered receive)")
            // The kind's check is one range; 0 stands apart from it, so the whole rule is checked here.
            .check(n -> {
                if (n != 0 && (n < PortOptions.MIN_RX_DATA_ROOM || n > MAX_RX_DATA_ROOM)) {
                    throw new IllegalArgumentException(notADataRoom((long) n));
                }
            })
            .byDefault(0).at(c -> c.rxDataRoom, (c, v) -> c.rxDataRoom = v);

    public static final Setting<RunConfig, String> TSO = SettingBuilder.text("port.tso", Tso::parse)
            .flag("auto|on|off", "--tso")
            .help("Let the port cut TCP segments longer than the MSS (TCP segmentation offload): auto where it offers it")
            .byDefault("auto").at(c -> c.tso, (c, v) -> c.tso = v);

    /** Every shared setting, in the order the help and {@code check-config} give them. */
    /**
     * The Prometheus endpoint, one declaration for both commands. Where neither file nor flag names it, each command
     * has its own default: {@code run} serves on {@link dev.lightpath.control.metrics.MetricsAddress#DEFAULT} and
     * yields when that port is taken; {@code loadgen} serves nothing, so as not to take the appliance's port.
     */
    public static final Setting<RunConfig, String> METRICS = SettingBuilder.text("metrics.address",
                    dev.lightpath.control.metrics.MetricsAddress::parse)
            .flag("HOST:PORT", "--metrics")
            .help("Serve Prometheus metrics (/metrics) here, or 'off': HOST:PORT with an IPv4 address or localhost "
                    + "(0.0.0.0 for every IPv4 interface), or [ADDRESS]:PORT with an IPv6 one, e.g. [::1]:9100 or "
                    + "[2001:db8::5]:9100 ([::]: every interface, IPv4 too where the host allows); run serves "
                    + "/healthz too, and by default "
                    + dev.lightpath.control.metrics.MetricsAddress.DEFAULT + " (yielding, with a warning, when that "
                    + "port is taken); loadgen serves its published counters (--stats-file, needed) with the last "
                    + "second's requests and latency per core, and by default nothing")
            .at(c -> c.metricsAddress, (c, v) -> c.metricsAddress = v);

    public static final List<Setting<RunConfig, ?>> ALL = List.of(DEVICES, CHECKSUM_OFFLOAD, MTU, RX_DATA_ROOM, TSO,
            MEMPOOL, ADDRESS, GATEWAY, ADDRESS6, GATEWAY6, VLAN, CORES, IDLE, ISOLATE_JVM_THREADS, EAL, JIT_WARMUP,
            STATS_FILE, METRICS);

    private EngineSettings() {
    }

    private static String notADataRoom(Long n) {
        return n + " is neither 0 nor within " + PortOptions.MIN_RX_DATA_ROOM + ".." + MAX_RX_DATA_ROOM;
    }

    /** Copies every shared setting from one configuration to another. */
    public static void copy(RunConfig from, RunConfig to) {
        for (Setting<RunConfig, ?> setting : ALL) {
            setting.copy(from, to);
        }
    }

    /**
     * A setting of one address family whose flag the other family's setting shares (given once per family): the
     * flag's value of this family, or the value held when the flag names only the other family. The same family
     * twice is an error, since one address of each is served.
     */
    private static Setting<RunConfig, String> family(String key, String flag, String label, String help, boolean ipv6,
                                                     Function<String, ?> parser, Function<RunConfig, String> get,
                                                     BiConsumer<RunConfig, String> set) {
        Function<List<String>, String> fromFlag = texts -> {
            String found = null;
            for (String text : texts) {
                if (text.contains(":") == ipv6) {
                    if (found != null) {
                        throw new IllegalArgumentException("names two IPv" + (ipv6 ? "6" : "4") + " addresses ("
                                + found + ", " + text + "): give one of each family at most");
                    }
                    found = text;
                }
            }
            return found;
        };
        return SettingBuilder.text(key, parser).flag(label, flag).help(help).fromFlag(fromFlag, true).at(get,
                (c, v) -> {
                    if (v != null) {
                        set.accept(c, v);
                    }
                });
    }
}
