package dev.lightpath.tcp;

/**
 * CUBIC (RFC 9438): after a loss the window falls to {@code beta = 0.7} of the flight and then follows
 * {@code W_cubic(t) = C (t - K)^3 + W_max} in time since the congestion-avoidance epoch began, not in round
 * trips: concave while it climbs back to the window of the last loss ({@code W_max}, reached at {@code t = K}),
 * flat around it, convex beyond as it probes for more. Where Reno would be ahead (a small window or a short
 * RTT), the Reno-friendly estimate {@code W_est} sets the window instead. Slow start is RFC 5681's, growing by up
 * to two segments per ACK (RFC 3465), and ends early where {@link HybridSlowStart} sees the path full.
 *
 * <p>The RFC counts in segments; here windows are bytes, so {@code C} is scaled by the MSS where it meets them.
 * Everything is arithmetic on the connection's fields: nothing is allocated per ACK.
 */
final class Cubic implements CongestionControl {
    /** RFC 9438 4.1: the multiplicative decrease and the cubic's scale, segments per second cubed. */
    static final double BETA = 0.7;
    static final double C = 0.4;
    /** RFC 9438 4.3: the additive increase that makes AIMD(alpha, beta) as fast as Reno's AIMD(1, 0.5). */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);
    /** The window never grows past the largest window a peer can offer (a 2^30 byte scaled window). */
    static final int MAX_WINDOW = 1 << 30;
    /** The least growth per window acknowledged before the first reduction: 5% per RTT. */
    static final double UNPROBED_GROWTH = 0.05;
    /** Null when hybrid slow start is off ({@code [tcp] hystart}). */
    private final HybridSlowStart hystart;

    /** Slow start ends at a loss or the peer's window only. */
    Cubic() {
        this(null);
    }

    Cubic(HybridSlowStart hystart) {
        this.hystart = hystart;
    }

    @Override
    public void onAck(Connection c, int acked, long nowNanos) {
        if (c.cwnd < c.ssthresh) {
            if (hystart != null) {
                hystart.onAck(c, nowNanos);
                if (c.cwnd >= c.ssthresh) {
                    return;
                }
            }
            CongestionControl.slowStart(c, acked, MAX_WINDOW);
            return;
        }
        if (!c.cubicEpochStarted) {
            startEpoch(c, nowNanos);
        }
        double cwnd = c.cwnd;
        double t = (nowNanos - c.cubicEpochStart) * 1e-9;
        // RFC 9438 4.3: W_est grows by alpha segments per window acknowledged, by Reno's one segment once it
        // is back at the window the last reduction started from.
        double alpha = c.cubicWest >= c.cubicCwndPrior ? 1.0 : ALPHA;
        c.cubicWest += alpha * acked * c.sndMss / cwnd;
        double grown;
        if (cubicWindow(c, t) < c.cubicWest) {
            // Reno-friendly region. Never below cwnd: the target's look-ahead of one RTT may have put it above
            // W_est already, and an ACK must not shrink the window.
            grown = Math.max(cwnd, c.cubicWest);
        } else {
            // RFC 9438 4.4 and 4.5, concave and convex alike: close the gap to where the cubic will be one RTT
            // from now, spread over the ACKs of one window, and never more than half a window per RTT.
            double target = cubicWindow(c, t + c.srtt * 1e-9);
            target = Math.min(Math.max(target, cwnd), 1.5 * cwnd);
            grown = cwnd + (target - cwnd) * acked / cwnd + c.cubicCarry;
        }
        if (c.cubicCwndPrior == 0) {
            // No reduction yet: slow start ended where hybrid slow start saw the path full, or at a threshold,
            // not at a loss, so W_max is no window the path refused, and the cubic around it (and W_est's one
            // segment per RTT) would take hundreds of round trips to find what the path holds. Until the first
            // loss the window grows by at least UNPROBED_GROWTH per RTT, as Linux's CUBIC does.
            grown = Math.max(grown, cwnd + UNPROBED_GROWTH * acked + c.cubicCarry);
        }
        // cwnd counts whole bytes; the fraction is kept, or a window of many segments acknowledged a few at a
        // time would lose most of its growth near W_max, where each ACK adds less than a byte.
        int whole = (int) Math.min(grown, MAX_WINDOW);
        c.cubicCarry = whole == MAX_WINDOW ? 0 : grown - whole;
        c.cwnd = whole;
    }

    /** RFC 9438 equation 1, in bytes. */
    private static double cubicWindow(Connection c, double t) {
        double fromK = t - c.cubicK;
        return C * fromK * fromK * fromK * c.sndMss + c.cubicWmax;
    }

    /**
     * The first ACK of congestion avoidance: time counts from here, and K is when the cubic, starting from the
     * current window, gets back to W_max (RFC 9438 equation 2). With no W_max above the window (the first
     * avoidance after a timeout, 4.8) the curve starts at its inflection: K = 0 and W_max is the window now.
     */
    private static void startEpoch(Connection c, long nowNanos) {
        c.cubicEpochStarted = true;
        c.cubicEpochStart = nowNanos;
        double cwnd = c.cwnd;
        if (c.cubicWmax <= cwnd) {
            c.cubicWmax = cwnd;
            c.cubicK = 0;
        } else {
            c.cubicK = Math.cbrt((c.cubicWmax - cwnd) / c.sndMss / C);
        }
        c.cubicWest = cwnd;
        c.cubicCarry = 0;
    }

    /**
     * RFC 9438 4.6 and 4.7: the threshold at beta of the flight; W_max at the window now, or, when the window
     * had not grown back to the previous W_max (another flow took a share), lower still, halfway between the
     * window and its reduction, so that the bandwidth is given up sooner.
     */
    @Override
    public void onLoss(Connection c) {
        c.cubicWmax = c.cwnd < c.cubicWmax ? c.cwnd * (1 + BETA) / 2 : c.cwnd;
        reduce(c);
    }

    @Override
    public void onRecoveryEnd(Connection c) {
        c.cwnd = c.ssthresh;
    }

    /**
     * RFC 9438 4.8: the threshold as for a loss, the window at one segment as Reno's (RFC 5681), and the
     * previous W_max forgotten: the avoidance after the slow start that follows centres on where it begins.
     */
    @Override
    public void onTimeout(Connection c) {
        reduce(c);
        c.cwnd = c.sndMss;
        c.cubicWmax = 0;
        HybridSlowStart.reset(c);
    }

    /** W_max too, so that the curve after an undo centres on the window of the last real loss. */
    @Override
    public void saveForUndo(Connection c) {
        CongestionControl.super.saveForUndo(c);
        c.priorCubicWmax = c.cubicWmax;
    }

    @Override
    public void onUndo(Connection c) {
        CongestionControl.super.onUndo(c);
        c.cubicWmax = c.priorCubicWmax;
        c.cubicEpochStarted = false;
    }

    private static void reduce(Connection c) {
        c.cubicCwndPrior = c.cwnd;
        c.ssthresh = Math.max((int) Math.round((c.sndMax - c.sndUna) * BETA), 2 * c.sndMss);
        c.cubicEpochStarted = false;
    }
}
