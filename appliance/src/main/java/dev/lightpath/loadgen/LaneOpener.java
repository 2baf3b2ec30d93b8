package dev.lightpath.loadgen;

import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;

import java.util.List;

/**
 * Opens the connections of idle lanes as their arrival comes ({@link ConnectArrivals}), each to its lane's
 * target and from a source address and port whose symmetric flow hash steers the answers back to this core
 * ({@link SourcePairs}), a bounded number per duty cycle.
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
    private final int[] targetAddress;
    private final int[] targetPort;
    private final boolean[] targetIpv6;
    private final long[] targetHigh;
    private final long[] targetLow;
    private final SourcePairs sources;
    private final Lanes lanes;
    private final ConnectArrivals arrivals;
    private final StreamHandler handler;
    private final Opened opened;
    /**
     * The idle lanes by when they may connect: first when their arrival comes, then at once when their
     * connection closes, after a pause when it failed, or (a connection per request at a fixed rate) when the
     * next request is due. A duty cycle takes only those whose time has come.
     */
    private final LaneDeadlines ready;

    LaneOpener(LoadPlan plan, List<LoadTarget> targets, TcpStack tcp, SourcePairs sources, Lanes lanes,
               ConnectArrivals arrivals, StreamHandler handler, Opened opened) {
        this.plan = plan;
        this.tcp = tcp;
        this.sources = sources;
        this.lanes = lanes;
        this.arrivals = arrivals;
        this.handler = handler;
        this.opened = opened;
        ready = new LaneDeadlines(lanes.count);
        targetAddress = new int[targets.size()];
        targetPort = new int[targets.size()];
        targetIpv6 = new boolean[targets.size()];
        targetHigh = new long[targets.size()];
        targetLow = new long[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            LoadTarget target = targets.get(t);
            targetAddress[t] = target.address();
            targetPort[t] = target.port();
            targetIpv6[t] = target.ipv6();
            targetHigh[t] = target.addressHigh();
            targetLow[t] = target.addressLow();
        }
    }

    /** Every lane waits for its arrival: once the run's start and the lanes' first requests are known. */
    void start() {
        for (int lane = 0; lane < lanes.count; lane++) {
            ready.set(lane, mayOpenAt(lane, arrivals.opensAt(lane)));
        }
    }

    /** The lane's connection has gone: it may connect again from {@code now}, or once its pause is over. */
    void idle(int lane, long now) {
        boolean pausing = lanes.backingOff[lane] && lanes.since[lane] - now > 0;
        ready.set(lane, mayOpenAt(lane, pausing ? lanes.since[lane] : now));
    }

    private long mayOpenAt(int lane, long from) {
        // A connection per request opens when its request is due.
        if (plan.fixedRate() && plan.connectionPerRequest() && lanes.next[lane] - from > 0) {
            return lanes.next[lane];
        }
        return from;
    }

    /** Opens what is due; returns how many began, and counts a run out of source ports in {@code results}. */
    int openDue(long now, ClientResults results) {
        int count = 0;
        while (count < OPENS_PER_POLL && ready.due(now)) {
            int lane = ready.first();
            if (targetIpv6[lanes.target[lane]] && !tcp.ipv6Usable()) {
                return count; // our IPv6 address is still being checked for duplicates: SYNs would be dropped
            }
            long at = ready.time(lane);
            ready.takeFirst();
            if (!connect(lane, now)) {
                ready.set(lane, at); // tried again on the next cycle, first as before
                results.noSourcePort++;
                return count;
            }
            results.connectsStarted++;
            count++;
        }
        return count;
    }

    private boolean connect(int lane, long now) {
        int target = lanes.target[lane];
        int remotePort = targetPort[target];
        TcpStream stream;
        if (targetIpv6[target]) {
            int port = sources.pick6(targetHigh[target], targetLow[target], remotePort, tcp);
            if (port < 0) {
                return false;
            }
            stream = tcp.connect6(targetHigh[target], targetLow[target], remotePort, sources.addressHigh6(),
                    sources.addressLow6(), port, handler);
        } else {
            int remote = targetAddress[target];
            int port = sources.pick(remote, remotePort, tcp);
            if (port < 0) {
                return false;
            }
            stream = tcp.connect(remote, remotePort, sources.address(), port, handler);
        }
        if (stream == null) {
            return false;
        }
        lanes.connecting(lane, stream.slot(), now);
        opened.opened(lane, stream, now);
        return true;
    }
}
