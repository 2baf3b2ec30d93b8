package dev.lightpath.tcp;

import static dev.lightpath.tcp.TcpState.*;

/**
 * The tail loss probe (RFC 8985 section 7): a loss at the end of a flight draws no duplicate ACKs and no SACK of
 * later data, so RACK has nothing to go on and only the retransmission timer (200 ms at least, backing off)
 * would find it. Two smoothed round trips after the flight, plus a delayed ACK's worth when a single segment is
 * out, one segment goes out to draw an ACK: new data when the window allows, otherwise the last segment again.
 * Its SACK tells RACK what before it is missing, with no reordering window to wait out.
 */
final class TailLossProbe {
    /** Added to a probe's timeout when one segment is out: the peer may hold its ACK for a delayed-ACK time. */
    private static final long DELAYED_ACK_ALLOWANCE = 200_000_000L;
    /** Added otherwise, so that a probe never races the ACKs of a flight still arriving. */
    private static final long PROBE_SLACK = 2_000_000L;
    private final TcpCounters counters;
    private SegmentOutput tx;
    private ConnectionTimers timers;

    TailLossProbe(TcpStack stack) {
        this.counters = stack.counters;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
        this.timers = stack.timers;
    }

    /**
     * Arms the probe when data is outstanding and nothing else watches for its loss but the retransmission
     * timer; not when the timer would fire first.
     */
    void arm(Connection c, long now) {
        c.probeDeadline = 0;
        if (!c.sackOk || c.inRecovery || c.probeOut || c.retries > 0 || c.srtt == 0 || c.sndMax == c.sndUna
            || c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        long pto = 2 * c.srtt + (c.sndMax - c.sndUna <= c.sndMss ? DELAYED_ACK_ALLOWANCE : PROBE_SLACK);
        if (c.rtoDeadline == 0 || now + pto < c.rtoDeadline) {
            c.probeDeadline = now + pto;
            timers.schedule(c);
        }
    }

    /** New data was acknowledged: a probe whose end is covered has done its work; the next one counts from now. */
    void acknowledged(Connection c, int ack, long now) {
        if (c.probeOut && Seq.ge(ack, c.probeEnd)) {
            c.probeOut = false;
        }
        arm(c, now);
    }

    /** Segments went out: a flight with no probe armed gets one. */
    void sent(Connection c, long now) {
        if (c.probeDeadline == 0 && !c.probeOut && c.sndMax != c.sndUna) {
            arm(c, now);
        }
    }

    /** The probe: one new segment if the window allows and data waits, otherwise the last segment again. */
    void fire(Connection c) {
        c.probeDeadline = 0;
        if (c.inRecovery || c.sndMax == c.sndUna || c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        counters.tailLossProbes++;
        c.probeOut = true;
        boolean finOut = c.finSent && Seq.gt(c.sndMax, c.finSeq);
        int unsent = c.queuedBytes - (c.sndMax - c.sndUna - (finOut ? 1 : 0));
        int before = c.sndMax;
        if (unsent > 0 && !finOut && Seq.lt(c.sndMax, c.sndUna + c.sndWnd)) {
            c.sndNxt = c.sndMax;
            c.limitedTransmit = Math.max(0, c.sndMax - c.sndUna - c.cwnd) + c.sndMss;
            tx.flush(c);
            c.limitedTransmit = 0;
        }
        if (c.sndMax == before) {
            int data = c.sndMax - c.sndUna - (finOut ? 1 : 0);
            int length = Math.min(c.sndMss, data);
            int start = c.sndUna + data - length;
            tx.sendData(c, start, start - c.sndUna, length, finOut);
        }
        c.probeEnd = c.sndMax;
    }

    /** The probe's SACK has come back: whatever below it is still unSACKed had two round trips to arrive. */
    static boolean answered(Connection c) {
        return c.probeOut && c.sackOk && Seq.ge(c.scoreboard.highest(c.sndUna), c.probeEnd);
    }

    /** Recovery starts: no probe while it runs. */
    static void cancel(Connection c) {
        c.probeOut = false;
        c.probeDeadline = 0;
    }
}
