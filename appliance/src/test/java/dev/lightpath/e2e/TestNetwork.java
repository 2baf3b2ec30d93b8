package dev.lightpath.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Linux host for end-to-end tests: a network namespace joined to this one by a veth pair. The
 * appliance binds the outer end with net_af_packet; the kernel in the namespace is the peer (ping, curl ...).
 * Addresses are in 198.18.0.0/15, one /24 per instance. Removed on close.
 */
public final class TestNetwork implements AutoCloseable {
    private final String namespace;
    private final String outer;
    private final String inner;
    private final int subnet;

    public TestNetwork(int subnet) throws Exception {
        requireRoot();
        long id = ProcessHandle.current().pid() % 10000;
        this.subnet = subnet;
        this.namespace = "lp" + id + "n" + subnet;
        this.outer = "lp" + id + "o" + subnet;
        this.inner = "lp" + id + "i" + subnet;
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
        run("ip", "link", "set", inner, "netns", namespace);
        run("ip", "link", "set", outer, "up");
        quiet("ethtool", "-K", outer, "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + outer + "/disable_ipv6"), "1");
        inNamespace("ip", "addr", "add", peerAddress() + "/24", "dev", inner);
        inNamespace("ip", "link", "set", inner, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        quiet("ip", "netns", "exec", namespace, "ethtool", "-K", inner, "tx", "off", "rx", "off", "tso", "off",
                "gso", "off", "gro", "off");
    }

    /** The appliance's address on this network. */
    public String applianceAddress() {
        return "198.18." + subnet + ".1";
    }

    /** The namespace host's address. */
    public String peerAddress() {
        return "198.18." + subnet + ".2";
    }

    /** DPDK device arguments binding the outer end of the veth. */
    public String device() {
        return "net_af_packet0,iface=" + outer;
    }

    public String namespace() {
        return namespace;
    }

    public String innerInterface() {
        return inner;
    }

    /** Runs a command inside the namespace; returns its output (stdout and stderr), failing on a non-zero exit. */
    public String inNamespace(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        quiet("ip", "link", "del", outer);
        quiet("ip", "netns", "del", namespace);
    }

    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertTrue(process.exitValue() == 0, String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        return output;
    }

    static void quiet(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    public static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI runs the end-to-end tests as root");
        }
        assumeTrue(root, "end-to-end tests need root for network namespaces");
    }
}
