package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

/** One core's whole stack as its worker drives it: the network layer, TCP above it, and the application above that. */
public final class CoreStack implements FrameProcessor {
    private final NetStack net;
    private final TcpStack tcp;
    private final CoreApplication application;

    /** @param application what runs above TCP on this core (HTTP server, load generator), or null */
    public CoreStack(NetStack net, TcpStack tcp, CoreApplication application) {
        this.net = net;
        this.tcp = tcp;
        this.application = application;
    }

    @Override
    public void process(MbufBurst frames, long nowNanos) {
        net.process(frames, nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        int work = net.poll(nowNanos) + tcp.poll(nowNanos);
        return application == null ? work : work + application.poll(nowNanos);
    }

    @Override
    public int flush() {
        return net.flush();
    }
}
