package dev.lightpath.bench.e2e;

/**
 * The servers compared, each on the server's end of the veth pair, on the server core, serving the same two
 * files: nginx as its users tune it, Netty, and the appliance on that end through AF_XDP and through
 * af_packet. nginx is the baseline the others are compared with, in every lane ({@link Lane}) it is in.
 */
enum Server {
    NGINX("nginx", "nginx (kernel TCP, one worker)", 8081, 8443, null),
    NETTY("netty", "Netty (kernel TCP, epoll)", 8082, 0, null),
    LIGHTPATH_AF_XDP("lightpath-xdp", "Lightpath (DPDK, AF_XDP)", 80, 443, "net_af_xdp0"),
    LIGHTPATH_AF_PACKET("lightpath-packet", "Lightpath (DPDK, af_packet)", 80, 443, "net_af_packet0");

    final String key;
    final String label;
    final int port;
    /** Its HTTPS port in the TLS lane; 0 for a server that is not in it. */
    final int tlsPort;
    /** The DPDK driver that takes the veth end, or null for a server on the kernel's TCP. */
    final String dpdkDriver;

    Server(String key, String label, int port, int tlsPort, String dpdkDriver) {
        this.key = key;
        this.label = label;
        this.port = port;
        this.tlsPort = tlsPort;
        this.dpdkDriver = dpdkDriver;
    }

    boolean onKernelTcp() {
        return dpdkDriver == null;
    }
}
