package dev.lightpath.control.config;

import dev.lightpath.control.CoreList;
import dev.lightpath.control.logging.ConsoleLog;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.engine.IdleStrategies;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;

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

    public List<String> devices = new ArrayList<>();
    public String address;
    public String gateway;
    public Integer vlan;
    public String cores = "0";
    public String idle = "spin";
    public int mempool = 8191;
    public List<String> eal = new ArrayList<>();
    public boolean echo;
    /** The counters file; null for the default, /dev/shm/lightpath-PID.counters. */
    public String statsFile;
    /** HOST:PORT or off; null for the default ({@link MetricsAddress#DEFAULT}), which yields if the port is taken. */
    public String metricsAddress;
    public String logLevel = "info";

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        keys.put("port.devices", ConfigFile.Type.STRING_LIST);
        keys.put("port.mempool", ConfigFile.Type.INTEGER);
        keys.put("ip.address", ConfigFile.Type.STRING);
        keys.put("ip.gateway", ConfigFile.Type.STRING);
        keys.put("ip.vlan", ConfigFile.Type.INTEGER);
        keys.put("engine.cores", ConfigFile.Type.STRING);
        keys.put("engine.idle", ConfigFile.Type.STRING);
        keys.put("engine.eal", ConfigFile.Type.STRING_LIST);
        keys.put("echo.enabled", ConfigFile.Type.BOOLEAN);
        keys.put("stats.file", ConfigFile.Type.STRING);
        keys.put("metrics.address", ConfigFile.Type.STRING);
        keys.put("log.level", ConfigFile.Type.STRING);
        return Map.copyOf(keys);
    }

    /**
     * Reads a configuration file over the current values, checking every value as it goes.
     *
     * @throws ConfigException listing each problem with its key and line
     */
    public RunConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file, SCHEMA);
        config.strings("port.devices").ifPresent(list -> {
            if (list.isEmpty()) {
                config.problem("port.devices", "name at least one device");
            }
            devices = list;
        });
        config.integer("port.mempool").ifPresent(n -> {
            if (n < 1023 || n > 16_777_215) {
                config.problem("port.mempool", n + " is outside 1023..16777215");
            }
            mempool = (int) Math.min(n, Integer.MAX_VALUE);
        });
        config.parsed("ip.address", text -> {
            parseAddress(text);
            return text;
        }).ifPresent(a -> address = a);
        config.parsed("ip.gateway", text -> {
            Ipv4Address.parse(text);
            return text;
        }).ifPresent(g -> gateway = g);
        config.integer("ip.vlan").ifPresent(v -> {
            if (v < 1 || v > 4094) {
                config.problem("ip.vlan", v + " is not a VLAN id (1-4094)");
            }
            vlan = (int) (long) v;
        });
        config.parsed("engine.cores", text -> {
            CoreList.parse(text);
            return text;
        }).ifPresent(c -> cores = c);
        config.parsed("engine.idle", text -> {
            IdleStrategies.parse(text);
            return text;
        }).ifPresent(i -> idle = i);
        config.strings("engine.eal").ifPresent(list -> eal = list);
        config.bool("echo.enabled").ifPresent(e -> echo = e);
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
        config.check();
        return this;
    }

    /** The engine's settings; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    public ApplianceSettings settings() {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device: give --device or port.devices in the configuration");
        }
        if (address == null) {
            throw new IllegalArgumentException("no address: give --ip or ip.address in the configuration");
        }
        int[] ip = parseAddress(address);
        int gw = gateway == null || gateway.isBlank() ? 0 : Ipv4Address.parse(gateway);
        InterfaceConfig config = new InterfaceConfig(0, ip[0], ip[1], gw, vlan == null ? EthernetFrame.UNTAGGED : vlan, 1500);
        IdleStrategies.parse(idle);
        if (mempool < 1023) {
            throw new IllegalArgumentException("the mempool needs at least 1023 mbufs, not " + mempool);
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
        return new ApplianceSettings(devices, CoreList.parse(cores), config, NetSettings.defaults(), idle, mempool,
                eal, echo);
    }

    /** "ADDR/PREFIX" as {address, prefix length}. */
    static int[] parseAddress(String text) {
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
        text.append("devices = ").append(quoted(devices)).append('\n');
        text.append("mempool = ").append(mempool).append("\n\n[ip]\n");
        text.append("address = \"").append(address == null ? "" : address).append("\"\n");
        if (gateway != null) {
            text.append("gateway = \"").append(gateway).append("\"\n");
        }
        if (vlan != null) {
            text.append("vlan = ").append(vlan).append('\n');
        }
        text.append("\n[engine]\ncores = \"").append(cores).append("\"\nidle = \"").append(idle).append("\"\n");
        text.append("eal = ").append(quoted(eal)).append("\n\n[echo]\nenabled = ").append(echo).append('\n');
        text.append("\n[stats]\n");
        text.append(statsFile == null ? "# file = \"/dev/shm/lightpath-PID.counters\" (the default)\n"
                : "file = " + quoted(List.of(statsFile)).replaceAll("^\\[|\\]$", "") + "\n");
        text.append("\n[metrics]\naddress = \"").append(metricsAddress == null ? MetricsAddress.DEFAULT : metricsAddress)
                .append("\"\n");
        text.append("\n[log]\nlevel = \"").append(logLevel).append("\"\n");
        return text.toString();
    }

    private static String quoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}
