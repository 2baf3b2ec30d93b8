package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.forward.ForwardingDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code appliance demo}: the appliance serving the demo site on a virtual wire, a real Linux host asking it
 * with curl, and the load generator (a second engine, in its own process) measuring it, with no hardware.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Builds a small network of its own (a namespace with a bridge, and two veth cables into it), "
                + "starts the appliance on one cable with the demo site (config/demo.toml), shows curl from the "
                + "namespace against it, runs the load generator on the other cable for --load, and keeps serving "
                + "until Ctrl-C (or --duration), then removes what it built. Needs root.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    static final String NAMESPACE = "lightpath-demo";
    static final String APPLIANCE = "198.18.0.1";
    static final String HOST = "198.18.0.2";
    static final String HARNESS = "198.18.0.3";

    @Option(names = "--load", paramLabel = "TIME", defaultValue = "10s", description = "Length of the load test (default 10s; 0s skips it).")
    Duration load;

    @Option(names = "--duration", paramLabel = "TIME", description = "Serve this long after the load test, then stop (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--forwarding", description = "Instead: frames through the Java l2fwd loop between two memif cables in one process.")
    boolean forwarding;

    @Option(names = "--forwarding-duration", paramLabel = "TIME", defaultValue = "5s", hidden = true)
    Duration forwardingDuration;

    @Override
    public Integer call() throws Exception {
        if (forwarding) {
            ForwardingDemo.run(duration != null ? duration : forwardingDuration, System.out);
            return 0;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("lightpath: the demo builds a network namespace and veth cables: run it as root (sudo bin/appliance demo)");
            return 1;
        }
        Path demoConfig = findConfig("demo.toml");
        RunConfig run = new RunConfig();
        try {
            run.load(demoConfig);
        } catch (ConfigException e) {
            System.err.println("lightpath: " + e.getMessage());
            return 1;
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        run.devices = List.of("net_af_packet0,iface=lpdemo0");
        run.address = APPLIANCE + "/24";
        run.cores = "0";
        run.idle = "backoff";
        ApplianceSettings settings = run.settings();
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), signal -> {
            if (stop.getCount() == 0) {
                Runtime.getRuntime().halt(130);
            }
            stop.countDown();
        });
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        try {
            say("building the demo network: namespace " + NAMESPACE + " (host " + HOST + "), appliance " + APPLIANCE
                    + " on lpdemo0, load generator " + HARNESS + " on lpdemo1");
            buildNetwork();
            try (ServedApplications served = ServedApplications.of(run);
                 Appliance appliance = new Appliance(settings, System.out, served.factory(), null)) {
                appliance.start();
                askAsAHost();
                if (!load.isZero()) {
                    say("the load generator (a second engine, on core " + (cpus > 1 ? 1 : 0) + ") loads it for "
                            + load.toSeconds() + " s:");
                    loadTest(cpus > 1 ? "1" : "0", cpus);
                }
                printWhatToTry();
                System.out.println(duration == null ? "  Ctrl-C stops it and removes the network."
                        : "  It stops in " + duration.toSeconds() + " s.");
                if (duration == null) {
                    stop.await();
                } else {
                    stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                }
                say("stopping");
            }
        } finally {
            removeNetwork();
            say("demo network removed");
        }
        return 0;
    }

    /** What a Linux host in the namespace gets from the appliance, shown with curl. */
    private static void askAsAHost() throws IOException, InterruptedException {
        say("a Linux host asks the appliance (ip netns exec " + NAMESPACE + " curl ...):");
        show("curl", "-si", "http://" + APPLIANCE + "/hello");
        show("curl", "-sI", "http://" + APPLIANCE + "/");
        show("curl", "-s", "-o", "/dev/null", "-w", "GET /docs -> %{http_code}, Location: %{redirect_url}\\n",
                "http://" + APPLIANCE + "/docs");
    }

    private static void printWhatToTry() {
        say("the appliance keeps serving. Try, as root:");
        System.out.println("    ip netns exec " + NAMESPACE + " curl -i http://" + APPLIANCE + "/");
        System.out.println("    ip netns exec " + NAMESPACE + " curl -r 0-99 http://" + APPLIANCE + "/index.html");
        System.out.println("    ip netns exec " + NAMESPACE + " curl -u demo:lightpath http://" + APPLIANCE + "/private");
        System.out.println("    ip netns exec " + NAMESPACE + " ping -c 3 " + APPLIANCE);
    }

    private void loadTest(String core, int cpus) throws Exception {
        // The EAL pinned this thread to the appliance's core; the child must not inherit that.
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0-" + (cpus - 1),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-Dlightpath.shim=" + System.getProperty("lightpath.shim"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "loadgen", "--device", "net_af_packet0,iface=lpdemo1", "--ip", HARNESS + "/24", "--cores", core,
                "--idle", "backoff", "--url", "http://" + APPLIANCE + "/", "-c", "20", "-d", load.toSeconds() + "s",
                "--warmup", "1s"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(System.out);
        if (!process.waitFor(load.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load generator did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
        }
    }

    private static void buildNetwork() throws IOException, InterruptedException {
        removeNetwork();
        sh("ip", "netns", "add", NAMESPACE);
        sh("ip", "netns", "exec", NAMESPACE, "ip", "link", "add", "br0", "type", "bridge");
        for (String cable : List.of("lpdemo0", "lpdemo1")) {
            if (cable.equals("lpdemo1")) {
                // The appliance and the load generator each bind their cable with DPDK's af_packet, which names its
                // fanout group (pid ^ ifindex) & 0xffff; groups in one namespace must differ. Indexes that differ
                // in bit 14 keep two processes started a moment apart from ever drawing the same one.
                int first = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lpdemo0/ifindex")).trim());
                sh("ip", "link", "add", cable, "index", Integer.toString(first ^ 0x4000), "type", "veth",
                        "peer", "name", cable + "p");
            } else {
                sh("ip", "link", "add", cable, "type", "veth", "peer", "name", cable + "p");
            }
            sh("ip", "link", "set", cable + "p", "netns", NAMESPACE);
            sh("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", cable + "p", "master", "br0");
            sh("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", cable + "p", "up");
            sh("ip", "link", "set", cable, "up");
            quiet("ethtool", "-K", cable, "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + cable + "/disable_ipv6"), "1");
        }
        // The host's stack leaves checksums to the device; the appliance reads frames as they are on the wire.
        for (String device : List.of("br0", "lpdemo0p", "lpdemo1p")) {
            quiet("ip", "netns", "exec", NAMESPACE, "ethtool", "-K", device, "tx", "off", "rx", "off", "tso", "off",
                    "gso", "off", "gro", "off");
        }
        sh("ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", HOST + "/24", "dev", "br0");
        sh("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "br0", "up");
        sh("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
    }

    private static void removeNetwork() throws IOException, InterruptedException {
        quiet("ip", "link", "del", "lpdemo0");
        quiet("ip", "link", "del", "lpdemo1");
        quiet("ip", "netns", "del", NAMESPACE);
    }

    private static void show(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE));
        full.addAll(List.of(command));
        full.addAll(5, List.of("--max-time", "5"));  // right after "ip netns exec NS curl"
        System.out.println("  $ " + String.join(" ", command).replace("\\n", ""));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = read(process.getInputStream());
        process.waitFor(30, TimeUnit.SECONDS);
        for (String line : output.strip().split("\r?\n")) {
            System.out.println("    " + line);
        }
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = read(process.getInputStream());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static void quiet(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        read(process.getInputStream());
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void say(String text) {
        System.out.println("lightpath demo: " + text);
    }

    /** A shipped configuration file: beside the program (lightpath.home), or up from the working directory. */
    static Path findConfig(String name) {
        String home = System.getProperty("lightpath.home");
        if (home != null && Files.isRegularFile(Path.of(home, "config", name))) {
            return Path.of(home, "config", name);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config").resolve(name))) {
                return dir.resolve("config").resolve(name);
            }
        }
        throw new IllegalStateException("config/" + name + " not found (run from the project, or set -Dlightpath.home)");
    }
}
