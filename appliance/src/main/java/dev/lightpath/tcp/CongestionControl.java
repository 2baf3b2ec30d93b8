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
