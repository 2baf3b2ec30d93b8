package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

/** One core's whole stack as its worker drives it: the network layer, and TCP above it. */
public final class CoreStack implements FrameProcessor {
    private final NetStack net;
    private final TcpStack tcp;

    public CoreStack(NetStack net, TcpStack tcp) {
        this.net = net;
        this.tcp = tcp;
    }

    @Override
    public void process(MbufBurst frames, long nowNanos) {
        net.process(frames, nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        return net.poll(nowNanos) + tcp.poll(nowNanos);
    }

    @Override
    public int flush() {
        return net.flush();
    }
}
