package dev.lightpath.control;

import dev.lightpath.control.config.RunConfig;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The flags that say where and how the engine runs, which {@code run} and {@code loadgen} share: the port, this
 * side's address, the cores and how they wait, the pool, further EAL arguments. Declared once, so both commands
 * name, describe and check them alike; each flag names the configuration key it overrides.
 */
final class EngineOptions {
    @Option(names = "--device", paramLabel = "DEVARGS",
            description = "DPDK device arguments, e.g. net_af_packet0,iface=veth0, net_af_xdp0,iface=eth1 or net_memif0,role=server,socket=/tmp/m.sock, or a PCI address (0000:03:00.0, with the driver's arguments after a comma) of a NIC bound to vfio-pci (see 'appliance devices'). Repeatable; the first is the port used. [port.devices]")
    List<String> devices;

    @Option(names = "--ip", paramLabel = "ADDR/PREFIX", description = "This side's address, e.g. 198.18.0.1/24; repeatable, once per family: --ip 198.18.0.1/24 --ip 2001:db8::1/64. [ip.address, ip.address6]")
    List<String> ip;

    @Option(names = "--gateway", paramLabel = "ADDR", description = "Next hop for destinations off the subnet; repeatable, once per family. [ip.gateway, ip.gateway6]")
    List<String> gateway;

    @Option(names = "--vlan", paramLabel = "ID", description = "802.1Q VLAN id (1-4094) to live in; untagged by default. [ip.vlan]")
    Integer vlan;

    @Option(names = "--cores", paramLabel = "LIST", description = "Worker cores, e.g. 1, 0-3, 0,2 (default 0). [engine.cores]")
    String cores;

    @Option(names = "--idle", paramLabel = "STRATEGY", description = "How idle workers wait: spin (default, lowest latency), backoff or sleep. [engine.idle]")
    String idle;

    @Option(names = "--mempool", paramLabel = "N", description = "Mbufs in the packet pool, 1023 to 16777215 (default 8191). [port.mempool]")
    Integer mempool;

    @Option(names = "--checksum-offload", paramLabel = "on|off",
            description = "Let the port check and fill in IPv4/TCP/UDP checksums where it can (default on). [port.checksum_offload]")
    String checksumOffload;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "The link's MTU, 576 to 9600 (default 1500); above 1500, jumbo frames. [port.mtu]")
    Integer mtu;

    @Option(names = "--eal", paramLabel = "ARGS", description = "Further EAL arguments, space-separated. [engine.eal]")
    String eal;

    /**
     * The values of a flag given once per family, as {IPv4, IPv6} (null where absent): IPv6 text is the text with a
     * colon. The same family twice is an error, since only one address of each is served.
     */
    static String[] byFamily(String flag, List<String> values) {
        String[] byFamily = new String[2];
        for (String value : values) {
            int family = value.contains(":") ? 1 : 0;
            if (byFamily[family] != null) {
                throw new IllegalArgumentException(flag + " names two IPv" + (family == 0 ? "4" : "6") + " addresses ("
                        + byFamily[family] + ", " + value + "): give one of each family at most");
            }
            byFamily[family] = value;
        }
        return byFamily;
    }

    /** Each flag given replaces what {@code run} holds from the defaults and the file; the values are checked later, by {@link RunConfig#settings()}. */
    void applyTo(RunConfig run) {
        if (devices != null) {
            run.devices = devices;
        }
        if (ip != null) {
            String[] byFamily = byFamily("--ip", ip);
            run.address = byFamily[0] != null ? byFamily[0] : run.address;
            run.address6 = byFamily[1] != null ? byFamily[1] : run.address6;
        }
        if (gateway != null) {
            String[] byFamily = byFamily("--gateway", gateway);
            run.gateway = byFamily[0] != null ? byFamily[0] : run.gateway;
            run.gateway6 = byFamily[1] != null ? byFamily[1] : run.gateway6;
        }
        if (vlan != null) {
            run.vlan = vlan;
        }
        if (cores != null) {
            run.cores = cores;
        }
        if (idle != null) {
            run.idle = idle;
        }
        if (mempool != null) {
            run.mempool = mempool;
        }
        if (checksumOffload != null) {
            run.checksumOffload = switch (checksumOffload) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--checksum-offload is on or off, not '" + checksumOffload
                        + "' [port.checksum_offload]");
            };
        }
        if (mtu != null) {
            run.mtu = mtu;
        }
        if (eal != null) {
            run.eal = eal.isBlank() ? List.of() : List.of(eal.trim().split("\\s+"));
        }
    }
}
