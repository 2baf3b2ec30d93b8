package dev.lightpath.tcp;

/**
 * How much a connection may have in flight: the congestion window and slow-start threshold, moved by the events
 * of {@link LossRecovery} and {@link SegmentArrival}, as Linux's {@code tcp_congestion_ops} and Aeron's
 * {@code CongestionControl} put it behind one interface. One instance per core serves all its connections; the
 * state lives in the {@link Connection}.
 */
interface CongestionControl {
    /** Segments in the initial window (RFC 6928). */
    int INITIAL_WINDOW_SEGMENTS = 10;

    /** A connection is synchronized: its initial window and no threshold yet. */
    default void onOpen(Connection c) {
        c.cwnd = INITIAL_WINDOW_SEGMENTS * c.sndMss;
        c.ssthresh = Integer.MAX_VALUE;
    }

    /**
     * Slow start's growth for an ACK of {@code acked} bytes: as many bytes, up to two segments (RFC 3465's
     * L = 2 SMSS). A receiver acknowledges every second segment (RFC 9293 3.8.6.3), so RFC 5681's one segment
     * per ACK grows the window by half of it per round trip, not the doubling slow start is meant to be, and
     * the window takes twice the round trips to reach the path's.
     */
    static void slowStart(Connection c, int acked, int limit) {
        c.cwnd = Math.min(limit, c.cwnd + Math.min(acked, 2 * c.sndMss));
    }

    /**
     * Whether an ACK may grow the window (RFC 7661's rule, as Linux's {@code tcp_is_cwnd_limited}): only when the
     * flight was using it. In slow start, while the window is under twice the flight; beyond, while the flight
     * was within a segment of it. A flight held down by the peer's receive window or by the application would
     * otherwise let the window grow without bound, each ACK adding to a window never tried on the path, and the
     * moment the peer's window opens (its receive buffer tuned up, its reader back) all of it would leave in one
     * burst into a queue the path never showed it had.
     *
     * @param flight bytes outstanding when the ACK arrived
     */
    static boolean windowInUse(Connection c, int flight) {
        if (c.cwnd < c.ssthresh) {
            return c.cwnd < 2L * flight;
        }
        return flight + c.sndMss > c.cwnd;
    }

    /** {@code acked} bytes of new data acknowledged outside recovery, at {@code nowNanos} on the stack's clock. */
    void onAck(Connection c, int acked, long nowNanos);

    /** Loss found by duplicate ACKs or SACK: recovery begins. Sets the threshold; recovery sets the window. */
    void onLoss(Connection c);

    /** Every byte outstanding when recovery began is acknowledged. */
    void onRecoveryEnd(Connection c);

    /** The retransmission timer expired with data outstanding. */
    void onTimeout(Connection c);

    /** A recovery or timeout is about to reduce the window: keep what {@link #onUndo} would restore. */
    default void saveForUndo(Connection c) {
        c.priorCwnd = c.cwnd;
        c.priorSsthresh = c.ssthresh;
    }

    /**
     * Every retransmission of the latest reduction proved unnecessary (DSACK, Eifel, F-RTO): the window and
     * threshold come back to at least what they were (RFC 4015's response, as Linux's undo).
     */
    default void onUndo(Connection c) {
        c.cwnd = Math.max(c.cwnd, c.priorCwnd);
        c.ssthresh = Math.max(c.ssthresh, c.priorSsthresh);
    }
}
