package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small network of the host's own, built for a test, the demo or a benchmark and removed afterwards: network
 * namespaces, veth pairs between them (queues, MTU, offloads), bridges, addresses and routes, a router namespace
 * that drops frames at random, and the kernel programs (nginx, curl, wrk) that play the peers.
 *
 * <p>What it builds it removes: {@link #close} stops its programs and deletes its links and namespaces (deleting a
 * namespace deletes the veth ends in it, and with them their peers), whatever failed before; a shutdown hook does
 * the same when the JVM is stopped by a signal. Names made by {@link #name} carry this process's pid, so beds of
 * processes running side by side never meet, and a bed opened after a process was killed outright removes what
 * that process left ({@link Leftovers}).
 */
public final class TestBed implements AutoCloseable {
    static final String PREFIX = "lpb";
    /**
     * The congestion control every namespace's kernel TCP runs, whatever the host's default: CUBIC, Linux's own
     * default and the appliance's ({@code [tcp] congestion_control}). A namespace takes the host's setting when it
     * is made, and a host set to BBR (as this project's build machine is) would otherwise meet the appliance's
     * CUBIC with a sender that does not slow down for random loss: a comparison of algorithms, not of stacks.
     */
    public static final String KERNEL_CONGESTION_CONTROL = "cubic";
    private static final String ALLOWED_CONGESTION_CONTROL = "net.ipv4.tcp_allowed_congestion_control";
    private static final List<String> OFFLOADS_OFF =
            List.of("tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");

    private final Shell shell;
    private final long pid;
    // Written by the thread that builds, read by the shutdown hook's.
    private final List<Namespace> namespaces = new CopyOnWriteArrayList<>();
    private final List<String> hostLinks = new CopyOnWriteArrayList<>();
    private final List<KernelPeer> peers = new CopyOnWriteArrayList<>();
    /** The congestion controls known to be on the host's allowed list. */
    private final java.util.Set<String> allowedAlgorithms = new java.util.HashSet<>();
    private Thread onExit;

    private TestBed(Shell shell, long pid) {
        this.shell = shell;
        this.pid = pid;
    }

    /**
     * A bed on this host, run by {@code shell}, after removing what killed processes' beds left; removed again
     * if the JVM is stopped before {@link #close}.
     */
    public static TestBed open(Shell shell) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        Leftovers.sweep(shell, pid -> pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        TestBed bed = new TestBed(shell, self);
        bed.onExit = Thread.ofPlatform().unstarted(bed::closeQuietly);
        Runtime.getRuntime().addShutdownHook(bed.onExit);
        return bed;
    }

    /** A bed on this host, each command given 30 s. */
    public static TestBed open() throws IOException, InterruptedException {
        return open(new ProcessShell(Duration.ofSeconds(30)));
    }

    /** A bed that only runs {@code shell}'s commands: no sweep, no hook (for tests of the command lines). */
    static TestBed recording(Shell shell, long pid) {
        return new TestBed(shell, pid);
    }

    public Shell shell() {
        return shell;
    }

    /**
     * A name of this bed's: {@code lpb}, the pid, then {@code tag}, which starts with a letter. Interface names have
     * 15 characters at most, which leaves 5 for the tag with a 7-digit pid.
     */
    public String name(String tag) {
        if (!tag.matches("[a-z][a-z0-9]*")) {
            // The form Leftovers recognises: anything else would never be swept.
            throw new IllegalArgumentException("a tag is a small letter, then small letters and digits: '" + tag + "'");
        }
        String name = PREFIX + pid + tag;
        if (name.length() > 15) {
            throw new IllegalArgumentException("'" + name + "' is longer than an interface name may be (15)");
        }
        return name;
    }

    /** A new namespace named {@link #name}{@code (tag)}, its loopback up. */
    public Namespace namespace(String tag) throws IOException, InterruptedException {
        return namespaceNamed(name(tag));
    }

    /**
     * A new namespace with a fixed name (one a user types, as the demo's): one of that name left by an earlier run
     * is removed first, since a fixed name carries no pid to sweep by.
     */
    public Namespace namespaceNamed(String name) throws IOException, InterruptedException {
        shell.quiet(List.of("ip", "netns", "del", name));
        shell.run(List.of("ip", "netns", "add", name));
        Namespace namespace = new Namespace(name);
        namespaces.add(namespace);
        shell.run(namespace.ip("link", "set", "lo", "up"));
        congestionControl(namespace, KERNEL_CONGESTION_CONTROL);
        return namespace;
    }

    /**
     * The congestion control of {@code namespace}'s kernel TCP for the connections it opens or accepts from now
     * on: one the kernel offers ({@code net.ipv4.tcp_available_congestion_control}). A namespace other than the
     * host's may only choose among the host's allowed ones ({@code net.ipv4.tcp_allowed_congestion_control}, which
     * holds the host's default and little else), so an algorithm missing there is added to it first: a host-wide
     * change, which only widens what unprivileged sockets and namespaces may choose, and is left in place.
     */
    public void congestionControl(Namespace namespace, String algorithm) throws IOException, InterruptedException {
        if (!algorithm.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a congestion control is a kernel module's name, not '" + algorithm + "'");
        }
        if (allowedAlgorithms.add(algorithm)) {
            String allowed = shell.run(List.of("sysctl", "-n", ALLOWED_CONGESTION_CONTROL)).strip();
            if (!List.of(allowed.split("\\s+")).contains(algorithm)) {
                shell.run(List.of("sysctl", "-q", "-w",
                        ALLOWED_CONGESTION_CONTROL + "=" + (allowed + " " + algorithm).strip()));
            }
        }
        shell.run(namespace.exec("sysctl", "-q", "-w", "net.ipv4.tcp_congestion_control=" + algorithm));
    }

    /**
     * Makes {@code veth}, moves each end into its namespace and brings it up there, offloads off unless the spec
     * keeps them, IPv6 off (no router solicitations or reports among the frames a test counts). An end with a
     * fixed name left by an earlier run is removed first.
     */
    public Veth veth(Veth veth, Namespace endIn, Namespace peerIn) throws IOException, InterruptedException {
        shell.quiet(List.of("ip", "link", "del", veth.end()));
        shell.run(veth.addCommand());
        // Removed by this name at close even if a move below fails; once in a namespace, it goes with it.
        hostLinks.add(endIn.isHost() || !peerIn.isHost() ? veth.end() : veth.peer());
        moveAndPrepare(veth, veth.end(), endIn);
        moveAndPrepare(veth, veth.peer(), peerIn);
        return veth;
    }

    private void moveAndPrepare(Veth veth, String end, Namespace namespace) throws IOException, InterruptedException {
        if (!namespace.isHost()) {
            shell.run(List.of("ip", "link", "set", end, "netns", namespace.name()));
        }
        // After the move: a link that enters a namespace takes that namespace's defaults again.
        shell.run(namespace.exec("sysctl", "-q", "-w", "net.ipv6.conf." + end + ".disable_ipv6=1"));
        shell.run(namespace.ip("link", "set", end, "up"));
        if (veth.offloadsOff()) {
            offloadsOff(namespace, end);
        }
    }

    /** Turns the link's offloads off: the host's stack otherwise leaves checksums to a device that is not there. */
    public void offloadsOff(Namespace namespace, String link) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ethtool", "-K", link));
        command.addAll(OFFLOADS_OFF);
        shell.quiet(namespace.exec(command));
    }

    /** A bridge in {@code namespace}, up, offloads off; attach ends with {@link #attach}. */
    public void bridge(Namespace namespace, String name) throws IOException, InterruptedException {
        shell.run(namespace.ip("link", "add", name, "type", "bridge"));
        offloadsOff(namespace, name);
        shell.run(namespace.ip("link", "set", name, "up"));
    }

    public void attach(Namespace namespace, String link, String bridge) throws IOException, InterruptedException {
        shell.run(namespace.ip("link", "set", link, "master", bridge));
    }

    /** The link's interface index in its namespace. */
    public int interfaceIndex(Namespace namespace, String link) throws IOException, InterruptedException {
        return Integer.parseInt(shell.run(namespace.exec("cat", "/sys/class/net/" + link + "/ifindex")).strip());
    }

    /** Gives {@code link} an address, {@code cidr} as in {@code 198.18.1.2/24}. */
    public void address(Namespace namespace, String link, String cidr) throws IOException, InterruptedException {
        shell.run(namespace.ip("addr", "add", cidr, "dev", link));
    }

    public void removeAddress(Namespace namespace, String link, String cidr) throws IOException, InterruptedException {
        shell.run(namespace.ip("addr", "del", cidr, "dev", link));
    }

    /**
     * Takes every address from {@code link}: a DPDK process that takes the link raw answers for the address itself,
     * and the kernel, handed the same frames by af_packet, must not answer too.
     */
    public void flushAddresses(Namespace namespace, String link) throws IOException, InterruptedException {
        shell.run(namespace.ip("addr", "flush", "dev", link));
    }

    /**
     * Detaches an XDP program from {@code link}: an AF_XDP process that died without detaching leaves it, and it
     * keeps taking the frames the kernel is now to see.
     */
    public void detachXdp(Namespace namespace, String link) throws InterruptedException {
        shell.quiet(namespace.ip("link", "set", "dev", link, "xdpgeneric", "off"));
        shell.quiet(namespace.ip("link", "set", "dev", link, "xdp", "off"));
    }

    public void route(Namespace namespace, String destination, String via) throws IOException, InterruptedException {
        shell.run(namespace.ip("route", "add", destination, "via", via));
    }

    /** A namespace that forwards IPv4 between its links: join it to others with {@link #veth}. */
    public Namespace router(String tag) throws IOException, InterruptedException {
        Namespace router = namespace(tag);
        shell.run(router.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        return router;
    }

    /**
     * Makes {@code router} drop the forwarded packets that {@code match} (iptables match options, e.g.
     * {@code -p tcp --dport 80}) with the given probability, each drawn on its own.
     */
    public void dropAtRandom(Namespace router, double probability, String... match)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-A", "FORWARD"));
        command.addAll(List.of(match));
        command.addAll(List.of("-m", "statistic", "--mode", "random", "--probability",
                String.format(Locale.ROOT, "%.6f", probability), "-j", "DROP"));
        shell.run(router.exec(command));
    }

    public void forwardEverything(Namespace router) throws IOException, InterruptedException {
        shell.run(router.exec("iptables", "-F", "FORWARD"));
    }

    /** Starts {@code command} in {@code namespace}; it is stopped at the latest when the bed closes. */
    public KernelPeer start(String name, Namespace namespace, List<String> command, Path log) throws IOException {
        KernelPeer peer = new KernelPeer(name, shell.start(namespace.exec(command), log), log);
        peers.add(peer);
        return peer;
    }

    /**
     * nginx in {@code namespace} with {@code config}, written to its folder as nginx.conf, nginx's own output in
     * nginx.out beside it.
     */
    public KernelPeer nginx(Namespace namespace, NginxConfig config) throws IOException {
        Files.createDirectories(config.folder());
        Path file = config.folder().resolve("nginx.conf");
        Files.writeString(file, config.text());
        Path output = config.folder().resolve("nginx.out");
        return start("nginx", namespace, List.of("nginx", "-c", file.toString()), output);
    }

    /** curl from {@code namespace}, given 5 s; returns what it printed, or fails with it. */
    public String curl(Namespace namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "5"));
        command.addAll(List.of(args));
        return shell.run(namespace.exec(command));
    }

    /**
     * Waits until {@code url} answers curl from {@code namespace} (any HTTP status), at most {@code seconds}: curl
     * retries a refused connection once a second itself.
     */
    public void awaitAnswer(Namespace namespace, String url, int seconds) throws IOException, InterruptedException {
        shell.run(namespace.exec("curl", "-s", "-o", "/dev/null", "--retry", Integer.toString(seconds),
                "--retry-connrefused", "--retry-delay", "1", "--retry-max-time", Integer.toString(seconds),
                "--max-time", Integer.toString(seconds), url));
    }

    /** wrk from {@code namespace} for {@code duration}; returns its report once it ends (bounded), or fails. */
    public String wrk(Namespace namespace, Path log, int threads, int connections, Duration duration, String url)
            throws IOException, InterruptedException {
        try (KernelPeer wrk = start("wrk", namespace, List.of("wrk", "-t", Integer.toString(threads), "-c",
                Integer.toString(connections), "-d", duration.toSeconds() + "s", url), log)) {
            int exit = wrk.awaitExit(duration.plusSeconds(30));
            if (exit != 0) {
                String what = exit < 0 ? "did not end" : "failed (" + exit + ")";
                throw new IOException("wrk " + what + ": " + wrk.output());
            }
            return wrk.output();
        }
    }

    /** Stops the programs, then removes the links and namespaces, latest first; safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        for (KernelPeer peer : List.copyOf(peers).reversed()) {
            peer.stop();
            peers.remove(peer);
        }
        for (String link : List.copyOf(hostLinks).reversed()) {
            shell.quiet(List.of("ip", "link", "del", link));
            hostLinks.remove(link);
        }
        for (Namespace namespace : List.copyOf(namespaces).reversed()) {
            shell.quiet(List.of("ip", "netns", "del", namespace.name()));
            namespaces.remove(namespace);
        }
        if (onExit != null && Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds nothing left to do
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
