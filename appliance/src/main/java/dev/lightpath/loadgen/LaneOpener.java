package dev.lightpath.loadgen;

import dev.lightpath.engine.RssHash;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;

import java.util.function.IntPredicate;

/**
 * Opens the connections of idle lanes as their arrival comes ({@link ConnectArrivals}), each from a source
 * port whose symmetric flow hash steers the answers back to this core, a bounded number per duty cycle.
 */
final class LaneOpener {
    /** Told of each connection begun, before its first event. */
    interface Opened {
        void opened(int lane, TcpStream stream, long now);
    }

    /** Connections opened in one duty cycle at most, so that a large run's start does not stall the core. */
    private static final int OPENS_PER_POLL = 64;

    private final LoadPlan plan;
    private final TcpStack tcp;
    private final int localAddress;
    private final Lanes lanes;
    private final ConnectArrivals arrivals;
    private final IntPredicate ownPort;
    private final StreamHandler handler;
    private final Opened opened;

    LaneOpener(LoadPlan plan, TcpStack tcp, int localAddress, Lanes lanes, ConnectArrivals arrivals, int worker,
               int workers, StreamHandler handler, Opened opened) {
        this.plan = plan;
        this.tcp = tcp;
        this.localAddress = localAddress;
        this.lanes = lanes;
        this.arrivals = arrivals;
        this.handler = handler;
        this.opened = opened;
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        int remote = plan.targetAddress();
        int remotePort = plan.targetPort();
        this.ownPort = workers == 1 ? port -> true
                : port -> RssHash.queueFor(rss.hash(remote, localAddress, remotePort, port), workers) == worker;
    }

    /** Opens what is due; returns how many began, and counts a run out of source ports in {@code results}. */
    int openDue(long now, ClientResults results) {
        int count = 0;
        int released = arrivals.released(now);
        for (int lane = 0; lane < released && lanes.idle() > 0 && count < OPENS_PER_POLL; lane++) {
            if (lanes.state[lane] != Lanes.IDLE) {
                continue;
            }
            if (plan.fixedRate() && plan.connectionPerRequest() && lanes.next[lane] - now > 0) {
                continue;  // a connection per request opens when its request is due
            }
            if (!lanes.mayConnect(lane, now)) {
                continue;
            }
            if (!connect(lane, now)) {
                results.noSourcePort++;
                return count;
            }
            results.connectsStarted++;
            count++;
        }
        return count;
    }

    private boolean connect(int lane, long now) {
        int port = tcp.pickEphemeralPort(plan.targetAddress(), plan.targetPort(), localAddress, ownPort);
        if (port < 0) {
            return false;
        }
        TcpStream stream = tcp.connect(plan.targetAddress(), plan.targetPort(), localAddress, port, handler);
        if (stream == null) {
            return false;
        }
        lanes.connecting(lane, stream.slot(), now);
        opened.opened(lane, stream, now);
        return true;
    }
}
