package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server's namespace and a client's, joined through a third that routes between them: the path where a
 * benchmark drops frames at random ({@link TestBed#dropAtRandom}) so that both ends meet the same losses whatever
 * their stacks. The client's end has its address and a default route through the router; the server's end has
 * none, since whoever serves on it (a kernel server given the address, a DPDK process answering for it) decides.
 * Every end's offloads are off, so the router forwards one frame at a time (no GRO or GSO on the way), and
 * neither end namespace forwards: frames for a DPDK process's address reach the kernel of its namespace too, and
 * it must not route them.
 */
public final class RoutedPair {
    public final Namespace server;
    public final Namespace client;
    public final Namespace router;
    /** The server's end, in {@link #server}. */
    public final String serverEnd;
    /** The client's end, in {@link #client}. */
    public final String clientEnd;
    /** The router's end towards the server, in {@link #router}. */
    public final String routerServerEnd;
    /** The router's end towards the client, in {@link #router}. */
    public final String routerClientEnd;
    private final TestBed bed;
    private final String serverGateway;
    private KernelPeer nginx;
    private String nginxAddress;

    private RoutedPair(TestBed bed, Namespace server, Namespace client, Namespace router, Veth serverLink,
                       Veth clientLink, String serverGateway) {
        this.bed = bed;
        this.serverGateway = serverGateway;
        this.server = server;
        this.client = client;
        this.router = router;
        this.serverEnd = serverLink.end();
        this.routerServerEnd = serverLink.peer();
        this.clientEnd = clientLink.end();
        this.routerClientEnd = clientLink.peer();
    }

    /**
     * Builds the three namespaces and their two links in {@code bed}: the router's ends take {@code serverGateway}
     * and {@code clientGateway}, the client's end {@code clientAddress} (each a CIDR, e.g. 198.18.71.2/24).
     */
    public static RoutedPair build(TestBed bed, String serverGateway, String clientAddress, String clientGateway)
            throws IOException, InterruptedException {
        Namespace server = bed.namespace("s");
        Namespace client = bed.namespace("c");
        Namespace router = bed.router("r");
        for (Namespace end : List.of(client, server)) {
            bed.shell().run(end.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=0"));
        }
        Veth serverLink = bed.veth(Veth.of(bed.name("so"), bed.name("rs")), server, router);
        Veth clientLink = bed.veth(Veth.of(bed.name("ci"), bed.name("rc")), client, router);
        bed.address(router, serverLink.peer(), serverGateway);
        bed.address(router, clientLink.peer(), clientGateway);
        bed.address(client, clientLink.end(), clientAddress);
        bed.shell().run(client.ip("route", "add", "default", "via", hostOf(clientGateway)));
        return new RoutedPair(bed, server, client, router, serverLink, clientLink, serverGateway);
    }

    /**
     * Steers the router's forwarding with RPS to the core of the end each direction goes to: a veth hands a frame
     * to its peer in the sender's own softirq, so left alone the forwarding (and the far end's kernel receive)
     * runs on the core of whoever sent the frame, and two servers that send from different cores are not
     * measured alike.
     */
    public void steerForwarding(int clientCore, int serverCore) throws IOException, InterruptedException {
        rps(routerServerEnd, clientCore);
        rps(routerClientEnd, serverCore);
    }

    private void rps(String end, int core) throws IOException, InterruptedException {
        String mask = Long.toHexString(1L << core);
        bed.shell().run(router.exec("sh", "-c", "echo " + mask + " > /sys/class/net/" + end + "/queues/rx-0/rps_cpus"));
    }

    /** The congestion control of the server's and the client's kernel TCP from now on ({@link TestBed#congestionControl}). */
    public void congestionControl(String algorithm) throws IOException, InterruptedException {
        bed.congestionControl(server, algorithm);
        bed.congestionControl(client, algorithm);
    }

    /**
     * Makes the router drop {@code percent} of the TCP frames to and from port 80 it forwards, at random, each way;
     * 0 forwards them all.
     */
    public void dropHttp(double percent) throws IOException, InterruptedException {
        bed.forwardEverything(router);
        if (percent > 0) {
            bed.dropAtRandom(router, percent / 100, "-p", "tcp", "--sport", "80");
            bed.dropAtRandom(router, percent / 100, "-p", "tcp", "--dport", "80");
        }
    }

    /**
     * Gives the server's end {@code address} (a CIDR) and a default route through the router, and serves the files
     * of {@code root} on port 80 there with nginx (sendfile, one worker, pinned to {@code core}, its files in
     * {@code folder}); returns once it answers the client's namespace.
     */
    public void startNginx(String address, Path root, int core, Path folder) throws IOException, InterruptedException {
        if (nginx != null) {
            throw new IllegalStateException("nginx already serves on " + nginxAddress);
        }
        bed.address(server, serverEnd, address);
        nginxAddress = address;
        bed.shell().run(server.ip("route", "replace", "default", "via", hostOf(serverGateway)));
        NginxConfig config = NginxConfig.of(folder, 1024, """
                access_log off;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                server { listen %s:80; root %s; }
                """.formatted(hostOf(address), root.toAbsolutePath()))
                // Its worker reads the files as root: a script's folders (mktemp -d) are closed to nginx's own user.
                .withMain("user root;");
        Files.createDirectories(folder);
        Path file = folder.resolve("nginx.conf");
        Files.writeString(file, config.text());
        nginx = bed.start("nginx", server, List.of("taskset", "-c", Integer.toString(core), "nginx", "-c",
                file.toString()), folder.resolve("nginx.out"));
        bed.awaitAnswer(client, "http://" + hostOf(address) + "/", 30);
    }

    /** Stops nginx and takes its address from the server's end (its default route goes with it). */
    public void stopNginx() throws IOException, InterruptedException {
        if (nginx == null) {
            return;
        }
        nginx.stop();
        nginx = null;
        bed.removeAddress(server, serverEnd, nginxAddress);
        nginxAddress = null;
    }

    /** The address of a CIDR, without its prefix length. */
    static String hostOf(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
