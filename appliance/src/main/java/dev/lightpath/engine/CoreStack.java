package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.FrameProcessor;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

/** One core's whole stack as its worker drives it: the network layer, TCP above it, and the application above that. */
public final class CoreStack implements FrameProcessor {
    private final NetStack net;
    private final TcpStack tcp;
    private final CoreApplication application;
    private final Drain.View drain;
    private boolean draining;

    /** A core that is never drained (stopped only by closing it). */
    public CoreStack(NetStack net, TcpStack tcp, CoreApplication application) {
        this(net, tcp, application, null);
    }

    /**
     * @param application what runs above TCP on this core (HTTP server, load generator), or null
     * @param drain       tells this core to stop accepting and let its connections finish; null for never
     */
    public CoreStack(NetStack net, TcpStack tcp, CoreApplication application, Drain.View drain) {
        this.net = net;
        this.tcp = tcp;
        this.application = application;
        this.drain = drain;
    }

    @Override
    public void process(MbufBurst frames, long nowNanos) {
        if (application != null) {
            application.timeIs(nowNanos);
        }
        net.process(frames, nowNanos);
    }

    @Override
    public int poll(long nowNanos) {
        int work = net.poll(nowNanos) + tcp.poll(nowNanos);
        if (application != null) {
            work += application.poll(nowNanos);
        }
        if (drain != null && (draining || drain.requested())) {
            if (!draining) {
                draining = true;
                tcp.unlistenAll();
                if (application != null) {
                    application.drain();
                }
            }
            drain.report(tcp.liveConnections());
        }
        return work;
    }

    @Override
    public int flush() {
        return net.flush();
    }
}
