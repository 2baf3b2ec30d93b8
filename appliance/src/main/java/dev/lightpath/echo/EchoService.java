package dev.lightpath.echo;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.Ipv4Packet;

import java.security.SecureRandom;
import java.util.List;

/**
 * The echo protocol (RFC 862) on port 7, TCP and UDP, as the engine builds it on each core: the UDP echo
 * registered on the core's network layer, the TCP echo listening on its TCP stack.
 */
public final class EchoService implements CoreApplication.Factory {
    /** Connections of one core that may hold echoed bytes their peer has not yet read back. */
    private static final int BACKLOG_RINGS = 8;
    private static final int BACKLOG_RING_BYTES = 1 << 20;

    private final EchoSettings limits;
    private final SecureRandom keys = new SecureRandom();

    public EchoService(EchoSettings limits) {
        this.limits = limits;
    }

    @Override
    public CoreApplication create(int worker, int workers, NetStack net, TcpStack tcp) {
        UdpEcho udp = new UdpEcho(net, net.pool(), limits, Clock.SYSTEM, keys.nextLong());
        net.register(Ipv4Packet.PROTOCOL_UDP, udp);
        TcpConfig config = tcp.config();
        TcpEcho echo = new TcpEcho(config.tableCapacity, BACKLOG_RINGS, BACKLOG_RING_BYTES, limits.idleTimeoutNanos);
        tcp.listen(TcpEcho.PORT, echo, config.synBacklog);
        return new EchoApplication(udp, echo);
    }

    @Override
    public List<String> describe() {
        return List.of("echo (RFC 862) on TCP and UDP port " + TcpEcho.PORT);
    }
}
