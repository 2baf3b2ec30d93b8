package dev.lightpath.tcp;

import dev.lightpath.wire.TcpOptions;

/**
 * RTT and RTO (RFC 6298): samples from the timestamps' echo (RFC 7323 RTTM) or from one timed segment sent once
 * (Karn), smoothed into SRTT and RTTVAR, and the RTO from them within the configured bounds.
 */
final class RttEstimator {
    private final TcpConfig config;
    private final TcpOptions options;
    private SegmentOutput tx;

    RttEstimator(TcpStack stack) {
        this.config = stack.config;
        this.options = stack.options;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
    }

    /**
     * An RTT sample from the echoed timestamp (RFC 7323 RTTM), except an echo from before the latest timeout
     * (Karn's rule, carried over to echoes): when the ACK for a retransmission is lost, the peer answers the
     * next one, below RCV.NXT, with the TS.Recent of the earlier one, so "now minus echo" measures the backoff,
     * not the path. Taking it inflated SRTT by each backoff in turn, so the next backoff started higher: under
     * 7% loss a download fell to one segment a minute.
     */
    void sampleRttFromEcho(Connection c) {
        if (c.timedOut && Seq.lt(options.timestampEcho, c.timeoutTsval)) {
            return;
        }
        int elapsedMillis = tx.timestampNow(c) - options.timestampEcho;
        if (elapsedMillis >= 0 && elapsedMillis <= config.maxRtoNanos / 1_000_000L) {
            c.rttTiming = false;
            updateRto(c, elapsedMillis * 1_000_000L);
        }
    }

    void sampleRtt(Connection c, int ack, long now) {
        if (!c.rttTiming || Seq.lt(ack, c.rttSeq + 1)) {
            return;
        }
        c.rttTiming = false;
        updateRto(c, now - c.rttStart);
    }

    /** RFC 6298 2.2-2.4: smoothed RTT, its variation, and the RTO from them (which ends any backoff). */
    private void updateRto(Connection c, long r) {
        if (c.srtt == 0) {
            c.srtt = r;
            c.rttvar = r / 2;
        } else {
            c.rttvar = (3 * c.rttvar + Math.abs(c.srtt - r)) / 4;
            c.srtt = (7 * c.srtt + r) / 8;
        }
        c.rto = Math.min(config.maxRtoNanos, Math.max(config.minRtoNanos, c.srtt + Math.max(1_000_000L, 4 * c.rttvar)));
    }
}
