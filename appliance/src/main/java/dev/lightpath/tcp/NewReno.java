package dev.lightpath.tcp;

/**
 * Reno's window (RFC 5681): slow start below the threshold, one segment per window above it, the threshold at
 * half the flight on a loss, one segment after a timeout. NewReno's partial-ACK rules (RFC 6582) are
 * {@link LossRecovery}'s, since they decide what to resend.
 */
final class NewReno implements CongestionControl {

    @Override
    public void onAck(Connection c, int acked, long nowNanos) {
        if (c.cwnd < c.ssthresh) {
            CongestionControl.slowStart(c, acked, Integer.MAX_VALUE);
        } else {
            c.cwnd += Math.max(1, (int) ((long) c.sndMss * c.sndMss / c.cwnd));
        }
    }

    @Override
    public void onLoss(Connection c) {
        c.ssthresh = halfTheFlight(c);
    }

    @Override
    public void onRecoveryEnd(Connection c) {
        c.cwnd = c.ssthresh;
    }

    @Override
    public void onTimeout(Connection c) {
        c.ssthresh = halfTheFlight(c);
        c.cwnd = c.sndMss;
    }

    private static int halfTheFlight(Connection c) {
        return Math.max((c.sndMax - c.sndUna) / 2, 2 * c.sndMss);
    }
}
