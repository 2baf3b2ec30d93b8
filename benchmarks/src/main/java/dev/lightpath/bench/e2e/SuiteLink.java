package dev.lightpath.bench.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.host.testbed.Veth;

import java.io.IOException;
import java.util.List;

/**
 * The one link every server and client meets, built on the {@link TestBed}: a veth pair whose client end is in a
 * client namespace and whose server end is in a server namespace, so neither end's traffic can take a shortcut
 * through the other's kernel. A kernel server or wrk uses its end through an address given to it; a DPDK process
 * (the appliance, the load generator) takes the end raw and answers for the same address itself, so the end's
 * kernel address is removed while it does (the kernel would otherwise answer the same frames, af_packet handing
 * them to both). Every end keeps its MAC address whoever drives it, so neither side's ARP entry goes stale.
 * Offloads are off, so frames cross as they would on a wire, with their checksums.
 */
final class SuiteLink implements AutoCloseable {
    static final String CLIENT_ADDRESS = "198.18.102.1";
    static final String SERVER_ADDRESS = "198.18.102.2";
    static final int PREFIX = 24;
    /** The IPv6 lane's addresses, on the same ends: documentation space (RFC 3849), as 198.18.0.0/15 is for IPv4. */
    static final String CLIENT_ADDRESS6 = "2001:db8:102::1";
    static final String SERVER_ADDRESS6 = "2001:db8:102::2";
    static final int PREFIX6 = 64;

    private final TestBed bed;
    private final Namespace client;
    private final Namespace server;
    private final boolean ipv6;
    final String clientEnd;
    final String serverEnd;

    private SuiteLink(TestBed bed, Namespace client, Namespace server, Veth veth, boolean ipv6) {
        this.bed = bed;
        this.client = client;
        this.server = server;
        this.ipv6 = ipv6;
        this.clientEnd = veth.end();
        this.serverEnd = veth.peer();
    }

    /**
     * Builds the namespaces and the veth; their names carry this process's pid, so two suites never share them.
     * With {@code ipv6} each end's kernel address has an IPv6 one beside it.
     */
    static SuiteLink create(boolean ipv6) throws IOException, InterruptedException {
        TestBed bed = TestBed.open();
        try {
            Namespace client = bed.namespace("c");
            Namespace server = bed.namespace("s");
            Veth veth = bed.veth(Veth.of(bed.name("ce"), bed.name("se")), client, server);
            return new SuiteLink(bed, client, server, veth, ipv6);
        } catch (IOException | InterruptedException | RuntimeException e) {
            bed.close();
            throw e;
        }
    }

    /** Gives the client's end its kernel address (for wrk and curl) or takes it away (for the load generator). */
    void clientKernelAddress(boolean present) throws IOException, InterruptedException {
        address(client, clientEnd, CLIENT_ADDRESS, CLIENT_ADDRESS6, present);
    }

    /** Gives the server's end its kernel address (for nginx and Netty) or takes it away (for the appliance). */
    void serverKernelAddress(boolean present) throws IOException, InterruptedException {
        address(server, serverEnd, SERVER_ADDRESS, SERVER_ADDRESS6, present);
    }

    /**
     * The IPv6 address is given without duplicate address detection: the suite owns the link, and a tentative
     * address would refuse the first seconds of connections.
     */
    private void address(Namespace namespace, String end, String address, String address6, boolean present)
            throws IOException, InterruptedException {
        bed.flushAddresses(namespace, end);
        if (ipv6) {
            // The test bed makes its links IPv4-only; the kernel's servers and wrk need IPv6 on their end. An engine
            // on the end is deployed as docs/DEPLOY.md says, with it off: with IPv6 on, the kernel would also route
            // every IPv6 frame an af_packet port hands it and draw an ICMPv6 error for each, on the sender's core.
            bed.shell().run(namespace.exec("sysctl", "-q", "-w",
                    "net.ipv6.conf." + end + ".disable_ipv6=" + (present ? "0" : "1")));
        }
        if (present) {
            bed.detachXdp(namespace, end);
            bed.address(namespace, end, address + "/" + PREFIX);
            if (ipv6) {
                bed.shell().run(namespace.ip("-6", "addr", "add", address6 + "/" + PREFIX6, "dev", end, "nodad"));
            }
        }
    }

    /** The load generator's and the appliance's --ip values for an end: IPv4, and IPv6 when the link has it. */
    List<String> engineAddresses(boolean serverEnd) {
        List<String> addresses = new java.util.ArrayList<>();
        addresses.add((serverEnd ? SERVER_ADDRESS : CLIENT_ADDRESS) + "/" + PREFIX);
        if (ipv6) {
            addresses.add((serverEnd ? SERVER_ADDRESS6 : CLIENT_ADDRESS6) + "/" + PREFIX6);
        }
        return addresses;
    }

    List<String> inClientNamespace(List<String> command) {
        return client.exec(command);
    }

    List<String> inServerNamespace(List<String> command) {
        return server.exec(command);
    }

    /** Removes both namespaces, and with them the veth; safe to call twice. */
    @Override
    public void close() {
        try {
            bed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
