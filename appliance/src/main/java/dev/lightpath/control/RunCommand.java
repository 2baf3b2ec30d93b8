package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.Durations;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.RunSettings;
import dev.lightpath.control.config.TlsSettings;
import dev.lightpath.control.logging.ConsoleLog;
import dev.lightpath.control.metrics.CountersFiles;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.control.metrics.MetricsServer;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.dpdk.PciAddress;
import dev.lightpath.host.Hugepages;
import dev.lightpath.host.PciDevices;
import dev.lightpath.host.PciReadiness;
import dev.lightpath.http.HttpService;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.warmup.StackWarmUp;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code appliance run}: serve on a DPDK port until SIGINT or SIGTERM. */
@Command(name = "run", modelTransformer = SettingOptions.Run.class, mixinStandardHelpOptions = true,
        description = "Runs the appliance on a DPDK port: answers ARP and ping for its address, serves HTTP (files with "
                + "--docroot, routes from the configuration) and echo with --echo, "
                + "until SIGINT or SIGTERM (a second signal exits at once). Every flag can also be set in the "
                + "configuration file (see config/appliance.toml); flags win.",
        footer = {"", "Example: appliance run --device net_af_packet0,iface=veth0 --ip 198.18.0.1/24 --cores 1 --docroot config/demo-site"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ImpairOption impairOption;


    @Mixin
    ConfigFileOption config;

    private static final Logger LOG = System.getLogger("lightpath.control");

    @Option(names = "--drain-timeout", paramLabel = "TIME", defaultValue = "5s",
            description = "At SIGINT/SIGTERM, how long responses under way may take to finish before the rest are reset (default 5s).")
    String drainTimeout;

    @Override
    @SuppressWarnings("try") // the metrics server's resource block is its lifetime: it serves until the stop

    public Integer call() throws Exception {
        RunConfig run = effectiveConfig();
        ApplianceSettings settings = impairOption.applyTo(settings(run), spec.commandLine());
        java.time.Duration drain;
        try {
            drain = Durations.parse(drainTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--drain-timeout: " + e.getMessage(), e);
        }
        ConsoleLog.level(ConsoleLog.parseLevel(run.logLevel));
        long pid = ProcessHandle.current().pid();
        Path counters = run.statsFile != null ? Path.of(run.statsFile) : CountersFiles.defaultPath(pid);
        logConfiguration(run, settings, pid);
        prepareHugepages(run);
        checkPciDevices(settings.devices());
        long begin = System.nanoTime();
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onFirst(signal -> {
            System.out.println("lightpath: " + signal + " received, stopping (again to exit at once)");
            stop.countDown();
        });
        try (ServedApplications served = ServedApplications.of(run);
             Appliance appliance = new Appliance(settings, System.out, served.factory(), counters)) {
            if (!run.jitWarmup.isZero()) {
                appliance.warmUpWith((dev.lightpath.dpdk.Mempool mempool) -> warmUp(served, settings, run.jitWarmup,
                        mempool));
            }
            appliance.start();
            if (TlsSettings.enabled(run)) {
                reloadOnHangUp(run, served);
            }
            LOG.log(Level.INFO, "{0}; counters in {1} (see appliance stat)", Eal.version(), counters);
            try (CountersFileReader reader = CountersFileReader.attach(counters);
                 MetricsServer server = serveMetrics(run, reader)) {
                stop.await();
                LOG.log(Level.INFO, "stopping: no new connections; letting responses under way finish (at most {0})",
                        drainTimeout);
                int left = appliance.drain(drain);
                LOG.log(Level.INFO, left == 0 ? "every connection closed" : "{0} connection(s) still open: reset",
                        Integer.toString(left));
            }
            printCounters("total", appliance.counters());
            if (appliance.workers() > 1) {
                for (int worker = 0; worker < appliance.workers(); worker++) {
                    printCounters("core " + settings.cores().get(worker), appliance.coreCounters(worker));
                }
            }
        }
        LOG.log(Level.INFO, "stopped after {0} s; counters file removed",
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - begin) / 1e9));
        return 0;
    }

    private static void logConfiguration(RunConfig run, ApplianceSettings settings, long pid) {
        HttpService http = run.httpService();
        LOG.log(Level.INFO, "Lightpath {0}, JDK {1} ({2}), pid {3}", version(), Runtime.version(),
                System.getProperty("java.vendor"), Long.toString(pid));
        if (dev.lightpath.dpdk.NativeMemory.CHECKED) {
            LOG.log(Level.WARNING, "checked mode: every native access is bounds-checked, at a cost (for tests)");
        }
        LOG.log(Level.INFO, "configuration: devices {0}, address {1}, gateway {2}, vlan {3}, cores {4}, idle {5}, "
                + "mempool {6}, echo {7}, http {8}", settings.devices(),
                run.address + (run.address6 == null ? "" : " and " + run.address6),
                run.gateway == null ? "none" : run.gateway, run.vlan == null ? "none" : run.vlan, settings.cores(),
                settings.idle(), Integer.toString(settings.mempoolSize()), run.echo ? "on port 7" : "off",
                http == null ? "off" : "on port " + http.settings().port + " (" + http.routes().size() + " route(s))");
    }

    /**
     * Reloads the certificates on SIGHUP. A process started with SIGHUP ignored ({@code nohup}, or a parent that
     * ignores it) keeps it ignored: the JVM installs no handler over an inherited SIG_IGN, so the signal would
     * be dropped without a word. The start says so instead, and how to start it so that reloading works.
     */
    private static void reloadOnHangUp(RunConfig run, ServedApplications served) {
        sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                signal -> reloadCertificates(run, served));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
            LOG.log(Level.WARNING, "SIGHUP is ignored by this process (started under nohup, or by a parent that "
                    + "ignores it), so SIGHUP cannot reload the certificate: restart to serve a new one, and start "
                    + "it with setsid or under a service manager to reload without a restart");
        }
    }

    /**
     * SIGHUP: the certificate chain and key read again and served to new connections, those under way keeping
     * theirs. Files that would not be served (missing, expired, a key of another certificate) leave the old ones
     * in place, with a warning that says why.
     */
    private static void reloadCertificates(RunConfig run, ServedApplications served) {
        java.util.Map<String, String> problems = TlsSettings.problems(run.tls, java.time.Instant.now());
        if (!problems.isEmpty()) {
            LOG.log(Level.WARNING, "SIGHUP: the certificate was not reloaded, the one loaded before is still served: "
                    + problems);
            return;
        }
        try {
            int cores = served.reloadCertificates();
            LOG.log(Level.INFO, "SIGHUP: certificate {0} reloaded on {1} core(s)", run.tls.certificateChain,
                    Integer.toString(cores));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SIGHUP: the certificate was not reloaded, the one loaded before is still served: "
                    + e.getMessage());
        }
    }

    /** The JIT warm-up through a private copy of the stack, serving what the port will serve. */
    private static void warmUp(ServedApplications served, ApplianceSettings settings, java.time.Duration time,
                               dev.lightpath.dpdk.Mempool mempool) {
        StackWarmUp.Outcome done = StackWarmUp.run(served.routes(), served.httpSettings(), settings.tcp(), time,
                mempool);
        LOG.log(Level.INFO, done.summary());
        if (done.leak() != null) {
            LOG.log(Level.WARNING, done.leak());
        }
    }

    /**
     * Gives back the pages of page files that ended processes of this program left behind, then reserves the
     * pages asked for, so the EAL finds them free.
     */
    private static void prepareHugepages(RunConfig run) {
        Hugepages hugepages = Hugepages.ofHost();
        int removed = hugepages.removeLeftovers(pid -> ProcessHandle.of(pid).isPresent());
        if (removed > 0) {
            LOG.log(Level.INFO, "hugepages: removed {0} page file(s) left by lightpath processes that have ended",
                    Integer.toString(removed));
        }
        if (run.hugepages > 0) {
            LOG.log(Level.INFO, "hugepages: {0}", hugepages.reserve(run.hugepages, Hugepages::mountWithMountCommand));
        }
    }

    /** Stops before DPDK starts when a PCI device cannot be opened, saying everything that is missing. */
    static void checkPciDevices(List<String> devices) {
        for (String device : devices) {
            if (PciAddress.matches(device)) {
                String address = PciAddress.of(device);
                List<String> problems = PciReadiness.problems(PciDevices.ofHost(), address,
                        Hugepages.ofHost().usable());
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("PCI device " + address + " cannot be opened:\n  - "
                            + String.join("\n  - ", problems));
                }
            }
        }
    }

    /**
     * The metrics endpoint, or null when it is off. An address asked for that cannot be bound stops the run; the
     * default address, when taken (another appliance on the host), only costs the endpoint, with a warning. An
     * endpoint reachable from beyond this host is a warning too: it has no authentication, and its counters tell
     * whoever can reach it how much traffic the appliance serves, to whom it answers, and what it drops.
     */
    static MetricsServer serveMetrics(RunConfig run, CountersFileReader reader) {
        InetSocketAddress address = MetricsAddress.parse(run.metricsAddress == null ? MetricsAddress.DEFAULT
                : run.metricsAddress);
        if (address == null) {
            LOG.log(Level.INFO, "metrics endpoint off");
            return null;
        }
        try {
            MetricsServer server = MetricsServer.start(address, reader, SystemEpochClock.INSTANCE,
                    MetricsServer.DEFAULT_STALE_AFTER_MILLIS);
            // The address asked for, with the port bound: a wildcard socket reports [::] for 0.0.0.0 too.
            String bound = MetricsAddress.format(new InetSocketAddress(address.getAddress(), server.address().getPort()));
            LOG.log(Level.INFO, "metrics on http://{0}/metrics, health on /healthz", bound);
            if (!address.getAddress().isLoopbackAddress()) {
                LOG.log(Level.WARNING, "the metrics endpoint on {0} is not on loopback: anyone who can reach it "
                        + "reads the traffic counters, without authentication (keep it on 127.0.0.1 or a "
                        + "management network)", bound);
            }
            return server;
        } catch (UncheckedIOException e) {
            if (run.metricsAddress != null) {
                throw e;
            }
            LOG.log(Level.WARNING, e.getMessage() + "; running without the metrics endpoint "
                    + "(choose one with --metrics HOST:PORT, or --metrics off)");
            return null;
        }
    }

    private static String version() {
        Package pkg = RunCommand.class.getPackage();
        return pkg != null && pkg.getImplementationVersion() != null ? pkg.getImplementationVersion() : "dev";
    }

    private static void printCounters(String title, Map<String, Long> counters) {
        System.out.println("lightpath: counters, " + title + ":");
        counters.forEach((name, value) -> {
            if (value != 0) {
                System.out.printf("  %-34s %,d%n", name, value);
            }
        });
    }

    /** Defaults, then the file, then the flags; any error is a usage error (exit 2) that says where. */
    RunConfig effectiveConfig() {
        RunConfig run = new RunConfig();
        try {
            if (config.file != null) {
                run.load(config.file);
            }
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "configuration " + e.getMessage(), e);
        }
        SettingOptions.applyTo(spec, run, RunSettings.ALL);
        return run;
    }

    private ApplianceSettings settings(RunConfig run) {
        try {
            return run.settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
