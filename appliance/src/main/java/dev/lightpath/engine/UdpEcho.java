package dev.lightpath.engine;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.net.Ipv4Handler;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.UdpDatagram;

/**
 * The echo service over UDP (RFC 862, port 7): each datagram goes back to its sender in the mbuf it came in,
 * ports swapped. Datagrams to other ports are dropped and counted. One per core.
 */
public final class UdpEcho implements Ipv4Handler {
    public static final int PORT = 7;

    private final Ipv4Output output;
    private final PacketPool pool;
    private final UdpDatagram udp = new UdpDatagram();
    private long echoed;
    private long noListener;
    private long malformed;

    public UdpEcho(Ipv4Output output, PacketPool pool) {
        this.output = output;
        this.pool = pool;
    }

    @Override
    public void receive(long mbuf, int source, int destination) {
        long data = Mbuf.data(mbuf);
        if (!udp.wrap(data, Mbuf.dataLength(mbuf))) {
            malformed++;
            pool.free(mbuf);
            return;
        }
        if (udp.destinationPort() != PORT) {
            noListener++;
            pool.free(mbuf);
            return;
        }
        int length = udp.length();
        UdpDatagram.write(data, PORT, udp.sourcePort(), length - UdpDatagram.HEADER_LENGTH);
        Mbuf.length(mbuf, length);
        if (output.send(mbuf, destination, source, Ipv4Packet.PROTOCOL_UDP)) {
            echoed++;
        }
    }

    public long echoed() {
        return echoed;
    }

    public void forEach(dev.lightpath.metrics.CounterVisitor visitor) {
        visitor.counter("udp.echo.datagrams", echoed);
        visitor.counter("udp.drop.no_listener", noListener);
        visitor.counter("udp.drop.malformed", malformed);
    }
}
