package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.forward.ForwardingDemo;
import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.host.testbed.Veth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** The name the demo's certificate is made for; curl reaches it with --resolve, as no DNS knows it. */
    static final String TLS_NAME = "lightpath.demo";

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
        Path tlsDirectory = Files.createTempDirectory("lightpath-demo-tls");
        try {
            return serve(run, tlsDirectory);
        } finally {
            deleteTree(tlsDirectory);
        }
    }

    /** The demo with HTTPS too, with a certificate made for it into {@code tlsDirectory} (removed after). */
    private Integer serve(RunConfig run, Path tlsDirectory) throws Exception {
        SelfSignedCertificate certificate = null;
        try {
            certificate = SelfSignedCertificate.generate(tlsDirectory, TLS_NAME);
            run.tls.certificateChain = certificate.chain();
            run.tls.privateKey = certificate.privateKey();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            say("HTTPS off: no certificate could be made (" + e.getMessage() + ")");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        run.devices = List.of("net_af_packet0,iface=lpdemo0");
        run.address = APPLIANCE + "/24";
        run.cores = "0";
        run.idle = "backoff";
        ApplianceSettings settings = run.settings();
        CountDownLatch stop = stopOnSignal();
        TestBed bed = TestBed.open();
        try {
            say("building the demo network: namespace " + NAMESPACE + " (host " + HOST + "), appliance " + APPLIANCE
                    + " on lpdemo0, load generator " + HARNESS + " on lpdemo1");
            Namespace namespace = buildNetwork(bed);
            try (ServedApplications served = ServedApplications.of(run);
                 Appliance appliance = new Appliance(settings, System.out, served.factory(), null)) {
                appliance.start();
                askAsAHost(bed, namespace);
                if (certificate != null) {
                    askOverHttps(bed, namespace, certificate);
                }
                if (!load.isZero()) {
                    say("the load generator (a second engine, on core " + (cpus > 1 ? 1 : 0) + ") loads it for "
                            + load.toSeconds() + " s:");
                    loadTest(cpus > 1 ? "1" : "0", cpus);
                }
                printWhatToTry(certificate);
                serveUntilStopped(stop);
            }
        } finally {
            bed.close();
            say("demo network removed");
        }
        return 0;
    }

    /** Counted down by the first Ctrl-C or TERM; a second Ctrl-C ends the process at once. */
    private static CountDownLatch stopOnSignal() {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), signal -> {
            if (stop.getCount() == 0) {
                Runtime.getRuntime().halt(130);
            }
            stop.countDown();
        });
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        return stop;
    }

    /** Serves until a signal, or for --duration. */
    private void serveUntilStopped(CountDownLatch stop) throws InterruptedException {
        System.out.println(duration == null ? "  Ctrl-C stops it and removes the network."
                : "  It stops in " + duration.toSeconds() + " s.");
        if (duration == null) {
            stop.await();
        } else {
            stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        say("stopping");
    }

    /** What a Linux host in the namespace gets from the appliance, shown with curl. */
    static void askAsAHost(TestBed bed, Namespace namespace) throws InterruptedException {
        say("a Linux host asks the appliance (ip netns exec " + NAMESPACE + " curl ...):");
        show(bed, namespace, "curl", "-si", "http://" + APPLIANCE + "/hello");
        show(bed, namespace, "curl", "-sI", "http://" + APPLIANCE + "/");
        show(bed, namespace, "curl", "-s", "-o", "/dev/null", "-w",
                "GET /docs -> %{http_code}, Location: %{redirect_url}\\n", "http://" + APPLIANCE + "/docs");
    }

    /** The same over HTTPS, the demo's certificate verified against itself. */
    static void askOverHttps(TestBed bed, Namespace namespace, SelfSignedCertificate certificate)
            throws InterruptedException {
        say("and over HTTPS (TLS 1.3, a certificate made for the demo):");
        show(bed, namespace, "curl", "-sS", "--cacert", certificate.chain().toString(), "--resolve",
                TLS_NAME + ":443:" + APPLIANCE, "https://" + TLS_NAME + "/hello");
    }

    private static void printWhatToTry(SelfSignedCertificate certificate) {
        say("the appliance keeps serving. Try, as root:");
        System.out.println("    ip netns exec " + NAMESPACE + " curl -i http://" + APPLIANCE + "/");
        if (certificate != null) {
            System.out.println("    ip netns exec " + NAMESPACE + " curl -v --cacert " + certificate.chain()
                    + " --resolve " + TLS_NAME + ":443:" + APPLIANCE + " https://" + TLS_NAME + "/");
        }
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

    /** The demo's network: fixed names a user types, so one left by an earlier run is replaced. */
    static Namespace buildNetwork(TestBed bed) throws IOException, InterruptedException {
        Namespace namespace = bed.namespaceNamed(NAMESPACE);
        bed.bridge(namespace, "br0");
        bed.veth(Veth.of("lpdemo0", "lpdemo0p"), Namespace.HOST, namespace);
        // The appliance and the load generator each bind their cable with DPDK's af_packet, whose fanout groups
        // must differ in one namespace (see Veth.withIndex): the second cable's index differs in bit 14.
        int first = bed.interfaceIndex(Namespace.HOST, "lpdemo0");
        bed.veth(Veth.of("lpdemo1", "lpdemo1p").withIndexes(first ^ 0x4000, 0), Namespace.HOST, namespace);
        for (String cable : List.of("lpdemo0p", "lpdemo1p")) {
            bed.attach(namespace, cable, "br0");
        }
        bed.address(namespace, "br0", HOST + "/24");
        return namespace;
    }

    private static void show(TestBed bed, Namespace namespace, String... command) throws InterruptedException {
        System.out.println("  $ " + String.join(" ", command).replace("\\n", ""));
        String output;
        try {
            output = bed.curl(namespace, Arrays.copyOfRange(command, 1, command.length));
        } catch (IOException e) {
            output = e.getMessage();
        }
        for (String line : output.strip().split("\r?\n")) {
            System.out.println("    " + line);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
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
