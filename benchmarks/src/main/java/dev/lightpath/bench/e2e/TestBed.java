package dev.lightpath.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one link every server and client meets: a veth pair whose client end is in a client namespace and whose
 * server end is in a server namespace, so neither end's traffic can take a shortcut through the other's kernel.
 * A kernel server or wrk uses its end through an address given to it; a DPDK process (the appliance, the load
 * generator) takes the end raw and answers for the same address itself, so the end's kernel address is removed
 * while it does (the kernel would otherwise answer the same frames, af_packet handing them to both). Every end
 * keeps its MAC address whoever drives it, so neither side's ARP entry goes stale. Offloads are off, so frames
 * cross as they would on a wire, with their checksums.
 */
final class TestBed implements AutoCloseable {
    static final String CLIENT_ADDRESS = "198.18.102.1";
    static final String SERVER_ADDRESS = "198.18.102.2";
    static final int PREFIX = 24;

    final String clientNamespace;
    final String serverNamespace;
    final String clientEnd;
    final String serverEnd;

    private TestBed(long id) {
        clientNamespace = "lpfair" + id + "c";
        serverNamespace = "lpfair" + id + "s";
        clientEnd = "lpf" + (id % 100_000) + "c";
        serverEnd = "lpf" + (id % 100_000) + "s";
    }

    /** Builds the namespaces and the veth; names carry {@code id}, so two suites never share them. */
    static TestBed create(long id) throws IOException, InterruptedException {
        TestBed bed = new TestBed(id);
        try {
            run("ip", "netns", "add", bed.clientNamespace);
            run("ip", "netns", "add", bed.serverNamespace);
            run("ip", "link", "add", bed.clientEnd, "type", "veth", "peer", "name", bed.serverEnd);
            run("ip", "link", "set", bed.clientEnd, "netns", bed.clientNamespace);
            run("ip", "link", "set", bed.serverEnd, "netns", bed.serverNamespace);
            bed.prepare(bed.clientNamespace, bed.clientEnd);
            bed.prepare(bed.serverNamespace, bed.serverEnd);
            return bed;
        } catch (IOException | InterruptedException | RuntimeException e) {
            bed.close();
            throw e;
        }
    }

    private void prepare(String namespace, String end) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        run("ip", "-n", namespace, "link", "set", "lo", "up");
        run("ip", "-n", namespace, "link", "set", end, "up");
        quiet("ip", "netns", "exec", namespace, "ethtool", "-K", end, "tx", "off", "rx", "off", "tso", "off",
                "gso", "off", "gro", "off");
    }

    /** Gives the client's end its kernel address (for wrk and curl) or takes it away (for the load generator). */
    void clientKernelAddress(boolean present) throws IOException, InterruptedException {
        address(clientNamespace, clientEnd, CLIENT_ADDRESS, present);
    }

    /** Gives the server's end its kernel address (for nginx and Netty) or takes it away (for the appliance). */
    void serverKernelAddress(boolean present) throws IOException, InterruptedException {
        address(serverNamespace, serverEnd, SERVER_ADDRESS, present);
    }

    private static void address(String namespace, String end, String address, boolean present)
            throws IOException, InterruptedException {
        run("ip", "-n", namespace, "addr", "flush", "dev", end);
        if (present) {
            // An AF_XDP process that died without detaching leaves its XDP program on the end, which would
            // keep taking the frames the kernel is now to see.
            quiet("ip", "-n", namespace, "link", "set", "dev", end, "xdpgeneric", "off");
            quiet("ip", "-n", namespace, "link", "set", "dev", end, "xdp", "off");
            run("ip", "-n", namespace, "addr", "add", address + "/" + PREFIX, "dev", end);
        }
    }

    List<String> inClientNamespace(List<String> command) {
        return in(clientNamespace, command);
    }

    List<String> inServerNamespace(List<String> command) {
        return in(serverNamespace, command);
    }

    private static List<String> in(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Removes both namespaces, and with them the veth; safe to call twice. */
    @Override
    public void close() {
        quietly("ip", "netns", "del", clientNamespace);
        quietly("ip", "netns", "del", serverNamespace);
    }

    /** Runs a set-up command to its end; fails with its output when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output.trim());
        }
        return output;
    }

    /** Runs a command whose failure changes nothing that matters (an offload a driver lacks). */
    private static void quiet(String... command) throws InterruptedException {
        try {
            run(command);
        } catch (IOException ignored) {
            // the offload is not there to turn off
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException ignored) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
