package dev.lightpath.control;

import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.engine.IdleStrategies;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code appliance run}: serve on a DPDK port until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the appliance on a DPDK port: answers ARP and ping for its address (and echo with --echo), "
                + "until SIGINT or SIGTERM (a second signal exits at once).",
        footer = {"", "Example: appliance run --device net_af_packet0,iface=veth0 --ip 198.18.0.1/24 --cores 1"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", required = true, paramLabel = "DEVARGS",
            description = "DPDK device arguments, e.g. net_af_packet0,iface=veth0 or net_memif0,role=server,socket=/tmp/m.sock. Repeatable; the first is served.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--ip", required = true, paramLabel = "ADDR/PREFIX", description = "The appliance's address, e.g. 198.18.0.1/24.")
    String ip;

    @Option(names = "--gateway", paramLabel = "ADDR", description = "Next hop for destinations off the subnet.")
    String gateway;

    @Option(names = "--vlan", paramLabel = "ID", description = "802.1Q VLAN id (1-4094) to live in; untagged by default.")
    Integer vlan;

    @Option(names = "--cores", defaultValue = "0", paramLabel = "LIST", description = "Worker cores, e.g. 1, 0-3, 0,2 (default: ${DEFAULT-VALUE}).")
    String cores;

    @Option(names = "--idle", defaultValue = "spin", description = "How idle workers wait: spin (lowest latency), backoff or sleep (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--mempool", defaultValue = "8191", description = "Mbufs in the packet pool (default: ${DEFAULT-VALUE}).")
    int mempool;

    @Option(names = "--eal", paramLabel = "ARGS", description = "Further EAL arguments, space-separated.")
    String eal;

    @Option(names = "--echo", description = "Serve the echo protocol (RFC 862) on port 7.")
    boolean echo;

    @Override
    public Integer call() throws Exception {
        ApplianceSettings settings = settings();
        CountDownLatch stop = new CountDownLatch(1);
        SignalHandler handler = signal -> {
            if (stop.getCount() == 0) {
                Runtime.getRuntime().halt(130);
            }
            System.out.println("lightpath: " + signal.getName() + " received, stopping (again to exit at once)");
            stop.countDown();
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
        try (Appliance appliance = new Appliance(settings, System.out)) {
            appliance.start();
            stop.await();
            printCounters("total", appliance.counters());
            if (appliance.workers() > 1) {
                for (int worker = 0; worker < appliance.workers(); worker++) {
                    printCounters("core " + settings.cores().get(worker), appliance.coreCounters(worker));
                }
            }
        }
        return 0;
    }

    private static void printCounters(String title, java.util.Map<String, Long> counters) {
        System.out.println("lightpath: counters, " + title + ":");
        counters.forEach((name, value) -> {
            if (value != 0) {
                System.out.printf("  %-34s %,d%n", name, value);
            }
        });
    }

    private ApplianceSettings settings() {
        try {
            String[] parts = ip.split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--ip takes ADDR/PREFIX, e.g. 198.18.0.1/24");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ip: '" + parts[1] + "' is not a prefix length");
            }
            int address = Ipv4Address.parse(parts[0]);
            int gw = gateway == null ? 0 : Ipv4Address.parse(gateway);
            InterfaceConfig config = new InterfaceConfig(0, address, prefix, gw,
                    vlan == null ? EthernetFrame.UNTAGGED : vlan, 1500);
            IdleStrategies.parse(idle);
            if (mempool < 1023) {
                throw new IllegalArgumentException("--mempool must be at least 1023");
            }
            List<String> extra = eal == null || eal.isBlank() ? List.of() : List.of(eal.trim().split("\\s+"));
            return new ApplianceSettings(devices, CoreList.parse(cores), config, NetSettings.defaults(), idle, mempool, extra, echo);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
