package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.http.HttpServer;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

/** One core's whole stack as its worker drives it: the network layer, TCP above it, and HTTP above that. */
public final class CoreStack implements FrameProcessor {
    private final NetStack net;
    private final TcpStack tcp;
    private final HttpServer http;

    /** @param http the core's HTTP server, or null when the appliance serves no HTTP */
    public CoreStack(NetStack net, TcpStack tcp, HttpServer http) {
        this.net = net;
        this.tcp = tcp;
        this.http = http;
    }

    @Override
    public void process(MbufBurst frames, long nowNanos) {
        net.process(frames, nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        int work = net.poll(nowNanos) + tcp.poll(nowNanos);
        return http == null ? work : work + http.poll(nowNanos);
    }

    @Override
    public int flush() {
        return net.flush();
    }
}
