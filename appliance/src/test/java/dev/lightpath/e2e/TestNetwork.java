package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.ProcessShell;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.host.testbed.Veth;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Linux host for end-to-end tests: a network namespace joined to this one by a veth pair, built by the
 * {@link TestBed}. The appliance binds the outer end with net_af_packet; the kernel in the namespace is the peer
 * (ping, curl ...). Addresses are in 198.18.0.0/15, one /24 per instance. Removed on close.
 */
public final class TestNetwork implements AutoCloseable {
    /** What a test runs in the namespace (a script, a client) may take longer than a set-up step. */
    private static final ProcessShell SHELL = new ProcessShell(Duration.ofSeconds(120));

    private final TestBed bed;
    private final Namespace namespace;
    private final Veth veth;
    private final int subnet;

    public TestNetwork(int subnet) throws Exception {
        requireRoot();
        this.subnet = subnet;
        this.bed = TestBed.open();
        try {
            namespace = bed.namespace("n" + subnet);
            veth = bed.veth(Veth.of(bed.name("o" + subnet), bed.name("i" + subnet)), Namespace.HOST, namespace);
            bed.address(namespace, veth.peer(), peerAddress() + "/24");
        } catch (Exception | Error e) {
            bed.close();
            throw e;
        }
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
        return "net_af_packet0,iface=" + veth.end();
    }

    public String namespace() {
        return namespace.name();
    }

    /** The namespace as the bed names it, for the bed's own steps (a kernel peer started in it). */
    public Namespace peerNamespace() {
        return namespace;
    }

    public String innerInterface() {
        return veth.peer();
    }

    /** The bed this network is built on, for a test that adds to it (a kernel peer, another link). */
    public TestBed bed() {
        return bed;
    }

    /** Runs a command inside the namespace; returns its output (stdout and stderr), failing on a non-zero exit. */
    /** Turns IPv6 back on for the namespace's end, which the bed leaves off so the kernel sends nothing unasked. */
    public void enableIpv6() throws Exception {
        inNamespace("sysctl", "-q", "-w", "net.ipv6.conf." + innerInterface() + ".disable_ipv6=0");
    }

    public String inNamespace(String... command) throws Exception {
        return SHELL.run(namespace.exec(command));
    }

    @Override
    public void close() throws Exception {
        bed.close();
    }

    public static String run(String... command) throws IOException, InterruptedException {
        return SHELL.run(List.of(command));
    }

    static void quiet(String... command) throws InterruptedException {
        SHELL.quiet(List.of(command));
    }

    public static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI runs the end-to-end tests as root");
        }
        assumeTrue(root, "end-to-end tests need root for network namespaces");
    }
}
