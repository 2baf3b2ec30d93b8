package dev.lightpath.tcp;

import static dev.lightpath.tcp.TcpState.*;

/**
 * The tail loss probe (RFC 8985 section 7): a loss at the end of a flight draws no duplicate ACKs and no SACK of
 * later data, so RACK has nothing to go on and only the retransmission timer (200 ms at least, backing off)
 * would find it. Two smoothed round trips after the flight, plus a delayed ACK's worth when a single segment is
 * out, one segment goes out to draw an ACK: new data when the window allows, otherwise the last segment again.
 * Its SACK tells RACK what before it is missing, with no reordering window to wait out.
 *
 * <p>In recovery too, which Linux does not probe: once the holes are resent and everything above them SACKed,
 * the last retransmission may be all that is in flight, and PRR lets nothing new out until an ACK comes. When
 * that retransmission or its ACK is lost (the receiver, its gap filled, sends that one ACK and nothing more),
 * no ACK ever comes and the timer's 200 ms is all that is left: on a LAN path a thousand round trips, and the
 * window cut to one segment after it. Two round trips without an ACK in recovery send the first unacknowledged
 * segment again instead: the peer answers a duplicate at once (with a DSACK and its cumulative ACK), a lost
 * retransmission is repaired, and recovery goes on with the window it had.
 */
final class TailLossProbe {
    /** Added to a probe's timeout when one segment is out: the peer may hold its ACK for a delayed-ACK time. */
    private static final long DELAYED_ACK_ALLOWANCE = 200_000_000L;
    /** Added otherwise, so that a probe never races the ACKs of a flight still arriving. */
    private static final long PROBE_SLACK = 2_000_000L;
    /**
     * Probes for one silence before the timer takes over. A small flight (a few segments, as a window cut by
     * steady loss leaves) draws a single ACK from a receiver that takes the segments in one pass (as the Linux
     * client of the loss benchmark does); when that ACK is lost, only the probe is left to draw another, and when
     * the probe or its answer is lost in turn (at 5% each way, one probe in ten), the 200 ms timer fires for
     * data the peer holds. A second probe a probe time later, still before the timer, makes that one in a
     * hundred. No more: a path that answers neither has lost more than ACKs, and the timer's backoff is for it.
     */
    static final int MAX_PROBES = 2;
    private final TcpCounters counters;
    private SegmentOutput tx;
    private ConnectionTimers timers;
    private LossRecovery recovery;

    TailLossProbe(TcpStack stack) {
        this.counters = stack.counters;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
        this.timers = stack.timers;
        this.recovery = stack.recovery;
    }

    /**
     * Arms the probe when data is outstanding and nothing else watches for its loss but the retransmission
     * timer. The probe never waits past the time the timer would fire (RFC 8985 7.2, as Linux caps it): when the
     * two coincide (a single segment out, whose timeout adds a delayed ACK's allowance to two round trips) the
     * probe goes instead of the timeout, whose timer starts again from it ({@link #fire}). A probe's answer is
     * repaired by RACK's fast recovery; a timeout would have cut the window to one segment and backed off.
     */
    void arm(Connection c, long now) {
        c.probeDeadline = 0;
        long rtt = smoothedRtt(c);
        if (!c.sackOk || c.probeOut || c.retries > 0 || rtt == 0 || c.sndMax == c.sndUna
            || c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        long pto = timeout(c);
        c.probeDeadline = c.rtoDeadline != 0 && c.rtoDeadline < now + pto ? c.rtoDeadline : now + pto;
        timers.schedule(c);
    }

    /** New data was acknowledged: a probe whose end is covered has done its work; the next one counts from now. */
    void acknowledged(Connection c, int ack, long now) {
        if (c.probeOut && Seq.ge(ack, c.probeEnd)) {
            c.probeOut = false;
        }
        arm(c, now);
    }

    /**
     * Segments went out: a flight with no probe armed gets one, and new data restarts it (RFC 8985 7.2), as each
     * ACK does. The probe is due two round trips after the latest segment, whose ACK is the last one to wait
     * for; and one armed while a single segment was out waits a delayed ACK's allowance besides, which a flight
     * grown past it must not keep: when the ACKs of that flight are lost, the probe would go at the timer's 200 ms.
     */
    void sent(Connection c, long now, boolean newData) {
        if (!c.probeOut && c.sndMax != c.sndUna && (newData || c.probeDeadline == 0)) {
            arm(c, now);
        }
    }

    /**
     * The probe: one new segment if the window allows and data waits, otherwise the last segment again. The
     * retransmission timer starts again from the probe, which may have been due at the same time: the timeout
     * is for the probe's answer to fail to come. A second probe follows a probe time later when that is still
     * before the timer ({@link #MAX_PROBES}).
     */
    void fire(Connection c, long now) {
        c.probeDeadline = 0;
        if (c.sndMax == c.sndUna || c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        counters.tailLossProbes++;
        if (!c.probeOut) {
            c.probesSent = 0;
        }
        c.probeOut = true;
        c.probesSent++;
        if (c.inRecovery) {
            recovery.retransmitHead(c);
            // Its answer is the cumulative ACK (acknowledged); no SACK above it tells anything new.
            c.probeEnd = c.sndUna + 1;
        } else {
            sendProbe(c);
            c.probeEnd = c.sndMax;
        }
        c.rtoDeadline = now + c.rto;
        long next = now + timeout(c);
        if (c.probesSent < MAX_PROBES && next < c.rtoDeadline) {
            // Any ACK cancels it (arm, through acknowledged or a recovery's ACK): only silence sends it.
            c.probeDeadline = next;
        }
    }

    private void sendProbe(Connection c) {
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
    }

    /** The probe's SACK has come back: whatever below it is still unSACKed had two round trips to arrive. */
    static boolean answered(Connection c) {
        return c.probeOut && c.sackOk && !c.inRecovery && Seq.ge(c.scoreboard.highest(c.sndUna), c.probeEnd);
    }

    /** RFC 8985 7.2's PTO: two round trips, and a delayed ACK's allowance when one segment is out. */
    private static long timeout(Connection c) {
        // In recovery the peer holds a gap and ACKs every segment at once: no delayed ACK to allow for.
        boolean single = !c.inRecovery && c.sndMax - c.sndUna <= c.sndMss;
        return 2 * smoothedRtt(c) + (single ? DELAYED_ACK_ALLOWANCE : PROBE_SLACK);
    }

    /**
     * SRTT, or RACK's minimum RTT when SRTT is zero: timestamps count milliseconds, and on a path of a few tens of
     * microseconds every echo measures zero. Zero when neither measured anything.
     */
    private static long smoothedRtt(Connection c) {
        if (c.srtt > 0) {
            return c.srtt;
        }
        return c.minRtt == Long.MAX_VALUE ? 0 : c.minRtt;
    }

    /** Recovery starts: no probe while it runs. */
    static void cancel(Connection c) {
        c.probeOut = false;
        c.probeDeadline = 0;
    }
}
