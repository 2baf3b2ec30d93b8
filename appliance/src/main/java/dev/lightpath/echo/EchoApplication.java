package dev.lightpath.echo;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.metrics.CounterVisitor;

/**
 * The echo services of one core as its application: the TCP echo's idle timers polled in the duty cycle, and
 * the counters of both services, the UDP echo's first. The UDP echo needs no poll: it answers from the network
 * layer's delivery.
 *
 * @param udp the UDP echo registered on the core's network layer, or null when only TCP is echoed
 */
public record EchoApplication(UdpEcho udp, TcpEcho tcp) implements CoreApplication {
    @Override
    public void timeIs(long nowNanos) {
        tcp.timeIs(nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        return tcp.poll(nowNanos);
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        if (udp != null) {
            udp.forEach(visitor);
        }
        tcp.forEach(visitor);
    }
}
