package dev.lightpath.control.config;

import dev.lightpath.engine.IdleStrategies;
import dev.lightpath.engine.PortOptions;
import dev.lightpath.engine.Tso;
import dev.lightpath.net.Ipv6Config;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings that say where and how the engine runs, which {@code run} and {@code loadgen} share: the port, this
 * side's address, the cores and how they wait, the pool, further EAL arguments. Each is declared here once
 * ({@link Setting}); both commands' flags, both files' schemas and checks, and {@code check-config}'s lines come
 * from these declarations. The other settings of each command are declared where that command reads them.
 */
public final class EngineSettings {
    /** The fewest mbufs a pool may have (DPDK's per-core cache needs them), and the most a port takes. */
    static final int MIN_MEMPOOL = 1023;
    static final int MAX_MEMPOOL = 16_777_215;

    public static final Setting<List<String>> DEVICES = new Setting<>("port.devices", ConfigFile.Type.STRING_LIST,
            "--device", "DEVARGS", "DPDK device arguments, e.g. net_af_packet0,iface=veth0, net_af_xdp0,iface=eth1 or "
            + "net_memif0,role=server,socket=/tmp/m.sock, or a PCI address (0000:03:00.0, with the driver's arguments "
            + "after a comma) of a NIC bound to vfio-pci (see 'appliance devices'). Repeatable; the first is the port "
            + "used", null, true, List::copyOf, devices -> {
                if (devices.isEmpty()) {
                    throw new IllegalArgumentException("name at least one device");
                }
            }, c -> c.devices, (c, v) -> c.devices = v);

    public static final Setting<Integer> MEMPOOL = new Setting<>("port.mempool", ConfigFile.Type.INTEGER,
            "--mempool", "N", "Mbufs in the packet pool, " + MIN_MEMPOOL + " to " + MAX_MEMPOOL, 8191, false,
            last(EngineSettings::wholeNumber), n -> {
                if (n < MIN_MEMPOOL || n > MAX_MEMPOOL) {
                    throw new IllegalArgumentException(n + " is outside " + MIN_MEMPOOL + ".." + MAX_MEMPOOL);
                }
            }, c -> c.mempool, (c, v) -> c.mempool = v);

    public static final Setting<String> ADDRESS = family("ip.address", "--ip", "ADDR/PREFIX",
            "This side's address, e.g. 198.18.0.1/24; repeatable, once per family: --ip 198.18.0.1/24 --ip "
            + "2001:db8::1/64", false, RunConfig::parseAddress, c -> c.address, (c, v) -> c.address = v);

    public static final Setting<String> ADDRESS6 = family("ip.address6", "--ip", "ADDR/PREFIX",
            "This side's IPv6 address, e.g. 2001:db8::1/64", true, text -> Ipv6Config.parse(text, null),
            c -> c.address6, (c, v) -> c.address6 = v);

    public static final Setting<String> GATEWAY = family("ip.gateway", "--gateway", "ADDR",
            "Next hop for destinations off the subnet; repeatable, once per family", false, Ipv4Address::parse,
            c -> c.gateway, (c, v) -> c.gateway = v);

    public static final Setting<String> GATEWAY6 = family("ip.gateway6", "--gateway", "ADDR",
            "The IPv6 next hop for destinations off the prefix", true, Ipv6Address::parse, c -> c.gateway6,
            (c, v) -> c.gateway6 = v);

    public static final Setting<Boolean> CHECKSUM_OFFLOAD = new Setting<>("port.checksum_offload",
            ConfigFile.Type.BOOLEAN, "--checksum-offload", "on|off",
            "Let the port check and fill in IPv4/TCP/UDP checksums where it can", true, false,
            last(EngineSettings::onOff), on -> {
            }, c -> c.checksumOffload, (c, v) -> c.checksumOffload = v);

    public static final Setting<Integer> MTU = new Setting<>("port.mtu", ConfigFile.Type.INTEGER, "--mtu", "BYTES",
            "The link's MTU, " + PortOptions.MIN_MTU + " to " + PortOptions.MAX_MTU + "; above 1500, jumbo frames",
            PortOptions.DEFAULT_MTU, false, last(EngineSettings::wholeNumber), n -> {
                if (n < PortOptions.MIN_MTU || n > PortOptions.MAX_MTU) {
                    throw new IllegalArgumentException(n + " is outside " + PortOptions.MIN_MTU + ".."
                            + PortOptions.MAX_MTU);
                }
            }, c -> c.mtu, (c, v) -> c.mtu = v);

    public static final Setting<Integer> RX_DATA_ROOM = new Setting<>("port.rx_data_room", ConfigFile.Type.INTEGER,
            "--rx-data-room", "BYTES", "Bytes of frame per receive buffer, " + PortOptions.MIN_RX_DATA_ROOM
            + " to 65407, or 0 for a whole frame of the MTU; smaller than a frame, the port chains (scattered receive)",
            0, false, last(EngineSettings::wholeNumber), n -> {
                if (n != 0 && (n < PortOptions.MIN_RX_DATA_ROOM || n > 65407)) {
                    throw new IllegalArgumentException(n + " is neither 0 nor within " + PortOptions.MIN_RX_DATA_ROOM
                            + "..65407");
                }
            }, c -> c.rxDataRoom, (c, v) -> c.rxDataRoom = v);

    public static final Setting<String> TSO = text("port.tso", "--tso", "auto|on|off",
            "Let the port cut TCP segments longer than the MSS (TCP segmentation offload): auto where it offers it",
            "auto", Tso::parse, c -> c.tso, (c, v) -> c.tso = v);

    public static final Setting<Integer> VLAN = new Setting<>("ip.vlan", ConfigFile.Type.INTEGER, "--vlan", "ID",
            "802.1Q VLAN id (1-4094) to live in; untagged when not given", null, false,
            last(EngineSettings::wholeNumber), v -> {
                if (v < 1 || v > 4094) {
                    throw new IllegalArgumentException(v + " is not a VLAN id (1-4094)");
                }
            }, c -> c.vlan, (c, v) -> c.vlan = v);

    public static final Setting<String> CORES = text("engine.cores", "--cores", "LIST",
            "Worker cores, e.g. 1, 0-3, 0,2", "0", CoreList::parse, c -> c.cores, (c, v) -> c.cores = v);

    public static final Setting<String> IDLE = text("engine.idle", "--idle", "STRATEGY",
            "How idle workers wait: spin (lowest latency), backoff or sleep", "spin", IdleStrategies::parse,
            c -> c.idle, (c, v) -> c.idle = v);

    public static final Setting<List<String>> EAL = new Setting<>("engine.eal", ConfigFile.Type.STRING_LIST, "--eal",
            "ARGS", "Further EAL arguments, space-separated", null, false,
            last(text -> text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"))), args -> {
            }, c -> c.eal, (c, v) -> c.eal = v);

    /** Every engine setting, in the order the help and {@code check-config} give them. */
    public static final List<Setting<?>> ALL = List.of(DEVICES, CHECKSUM_OFFLOAD, MTU, RX_DATA_ROOM,
            TSO, MEMPOOL, ADDRESS, GATEWAY,
            ADDRESS6, GATEWAY6, VLAN, CORES, IDLE, EAL);

    private EngineSettings() {
    }

    /** The keys of these settings and how the file holds them. */
    static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            keys.put(setting.key(), setting.type());
        }
        return keys;
    }

    /** Reads every engine key {@code file} has into {@code config}, each bad value a problem with its key and line. */
    static void load(ConfigFile file, RunConfig config) {
        for (Setting<?> setting : ALL) {
            setting.load(file, config);
        }
    }

    /** Checks the values {@code config} ends with; throws {@link IllegalArgumentException} naming flag and key. */
    static void check(RunConfig config) {
        for (Setting<?> setting : ALL) {
            setting.checkIn(config);
        }
    }

    /** Copies every engine setting from one configuration to another. */
    public static void copy(RunConfig from, RunConfig to) {
        for (Setting<?> setting : ALL) {
            setting.copy(from, to);
        }
    }

    /** Appends the TOML lines of the settings of {@code section} that {@code config} holds a value for. */
    static void describe(RunConfig config, String section, StringBuilder text) {
        for (Setting<?> setting : ALL) {
            String line = setting.key().startsWith(section + ".") ? setting.toml(config) : null;
            if (line != null) {
                text.append(line).append('\n');
            }
        }
    }

    private static Setting<String> text(String key, String flag, String label, String help, String defaultValue,
                                        java.util.function.Function<String, ?> parser,
                                        java.util.function.Function<RunConfig, String> get,
                                        java.util.function.BiConsumer<RunConfig, String> set) {
        Consumer<String> check = parser::apply;
        return new Setting<>(key, ConfigFile.Type.STRING, flag, label, help, defaultValue, false, last(t -> t), check,
                get, set);
    }

    /**
     * A setting of one address family whose flag the other family's setting shares (given once per family): the
     * flag's value of this family, or the value held when the flag names only the other family. The same family
     * twice is an error, since one address of each is served.
     */
    private static Setting<String> family(String key, String flag, String label, String help, boolean ipv6,
                                          java.util.function.Function<String, ?> parser,
                                          java.util.function.Function<RunConfig, String> get,
                                          java.util.function.BiConsumer<RunConfig, String> set) {
        Consumer<String> check = parser::apply;
        java.util.function.Function<List<String>, String> fromFlag = texts -> {
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
        return new Setting<>(key, ConfigFile.Type.STRING, flag, label, help, null, true, fromFlag, check, get,
                (c, v) -> {
                    if (v != null) {
                        set.accept(c, v);
                    }
                });
    }

    private static boolean onOff(String text) {
        return switch (text.strip()) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("is on or off, not '" + text + "'");
        };
    }

    /** A flag given once (or its last value when given again). */
    private static <T> java.util.function.Function<List<String>, T> last(java.util.function.Function<String, T> value) {
        return texts -> value.apply(texts.getLast());
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
        }
    }
}
