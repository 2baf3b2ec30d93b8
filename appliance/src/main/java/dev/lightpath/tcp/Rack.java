package dev.lightpath.tcp;

/**
 * RACK (RFC 8985 sections 6.1 and 6.2): a segment is lost when a segment sent after it has been delivered
 * (cumulatively or selectively acknowledged) and more than the reordering window has passed since, measured from
 * the times each was last sent ({@link SentSegments}). Time, not sequence order, decides, so a lost
 * retransmission is found like any other loss: by the delivery of something sent after it.
 *
 * <p>The reordering window is a quarter of the minimum RTT, never above SRTT, widened by one step per round
 * trip in which a DSACK shows a spurious retransmission and narrowed again after sixteen recoveries without
 * one. While no reordering has been seen it is zero in recovery and once DupThresh segments are SACKed (the
 * only use of DupThresh left for SACK connections: it is RFC 5827's reduced threshold when few segments are
 * out, which is how early retransmission survives here), and zero once a tail loss probe's SACK has come
 * back. It follows the measured RTT however short (on a LAN, a quarter of 50 us): a fixed floor of a timer
 * tick held every loss found after reordering for twenty round trips. Only a minimum RTT of zero, which a
 * simulated clock measures for a batch delivered in the instant it was sent, gives {@link #MIN_REORDER_WINDOW}
 * instead: a zero window would take any reordering inside one receive burst for loss.
 */
final class Rack {
    /** The window when the minimum RTT measured is zero: the timer wheel's tick. */
    static final long MIN_REORDER_WINDOW = 1L << 20;
    /** RFC 8985 6.2: recoveries without a DSACK before the widened window goes back to one step. */
    private static final int REORDER_WINDOW_PERSIST = 16;
    /** The window when RACK is off and RFC 6675's DupThresh has not been reached: no time makes a loss. */
    static final long NEVER = Long.MAX_VALUE / 4;
    private final boolean enabled;
    private final TcpCounters counters;
    private ConnectionTimers timers;
    /** RACK.fack when the ACK being processed arrived, if any: what it delivers below that was reordered. */
    private boolean fackKnown;
    private int fackBefore;

    Rack(TcpStack stack) {
        this.enabled = stack.config.rack;
        this.counters = stack.counters;
    }

    void wire(TcpStack stack) {
        this.timers = stack.timers;
    }

    /** An ACK arrives: what it delivers is compared with the highest delivery before it, in whatever order. */
    void ackArrives(Connection c) {
        fackKnown = c.rackValid;
        fackBefore = c.rackFack;
    }

    /**
     * [{@code from}, {@code to}) was delivered, newly (what the scoreboard held SACKed before is skipped):
     * RACK.xmit_ts, RACK.end_seq and RACK.rtt advance to the most recently sent segment in it (RFC 8985 step 2),
     * and a segment never retransmitted delivered below the highest delivered sequence shows reordering (step 3).
     * A retransmitted segment delivered sooner than the minimum RTT after its retransmission may be the
     * original's delivery and does not move RACK (Linux's test; the RFC's timestamp test would discard every
     * SACKed retransmission, whose ACK echoes the timestamp of the segment at RCV.NXT). Returns true when data sent
     * once and ending at or below {@code sentBefore} was delivered (F-RTO's evidence).
     */
    boolean delivered(Connection c, int from, int to, long now, int sentBefore) {
        boolean original = false;
        SentSegments sent = c.sent;
        for (int p = sent.firstEndingAbove(from); p < sent.count() && Seq.lt(sent.start(p), to); p++) {
            int start = Seq.gt(sent.start(p), from) ? sent.start(p) : from;
            int end = Seq.lt(sent.end(p), to) ? sent.end(p) : to;
            if (c.scoreboard.unsackedBetween(start, end) == 0) {
                continue;
            }
            boolean retransmitted = sent.has(p, SentSegments.RETRANSMITTED);
            original |= !retransmitted && Seq.le(end, sentBefore);
            if (fackKnown && Seq.lt(end, fackBefore) && !retransmitted) {
                c.reorderingSeen = true;
            }
            if (!c.rackValid || Seq.gt(end, c.rackFack)) {
                c.rackFack = end;
            }
            long xmit = sent.sent(p);
            long rtt = now - xmit;
            if (retransmitted && rtt < c.minRtt) {
                continue;
            }
            if (!retransmitted && !sent.has(p, SentSegments.MERGED)) {
                c.minRtt = Math.min(c.minRtt, rtt);
            }
            int order = sent.order(p);
            if (!c.rackValid || sentAfter(xmit, order, end, c.rackXmit, c.rackOrder, c.rackEnd)) {
                c.rackValid = true;
                c.rackXmit = xmit;
                c.rackOrder = order;
                c.rackEnd = end;
                c.rackRtt = rtt;
            }
        }
        return original;
    }

    /**
     * RFC 8985's RACK_sent_after: later in time or, at the same time, a later transmission (a retransmission
     * sent in the same instant as the flight it repairs comes after all of it), or the same one and higher in
     * sequence.
     */
    static boolean sentAfter(long t1, int order1, int seq1, long t2, int order2, int seq2) {
        return t1 > t2 || t1 == t2 && (order1 - order2 > 0 || order1 == order2 && Seq.gt(seq1, seq2));
    }

    /**
     * RFC 8985 step 4's window. {@code probeAnswered}: a tail loss probe's SACK came back, so whatever was sent
     * before the probe and is still missing had two round trips to arrive.
     */
    long reorderWindow(Connection c, boolean probeAnswered) {
        if (!c.reorderingSeen && (c.inRecovery || c.retries > 0 || probeAnswered
            || c.scoreboard.sackedBytes() >= LossRecovery.duplicateThreshold(c) * c.sndMss)) {
            return 0;
        }
        if (!enabled) {
            return NEVER;
        }
        if (c.minRtt == Long.MAX_VALUE || c.minRtt == 0) {
            return MIN_REORDER_WINDOW;
        }
        long window = c.reorderWindowSteps * Math.max(1, c.minRtt / 4);
        // SRTT bounds the widened window (RFC 8985 6.2), when it measures anything: it counts the timestamps'
        // milliseconds, and below one it is a remnant of the smoothing, not a round trip.
        return c.srtt >= c.minRtt ? Math.min(window, c.srtt) : window;
    }

    /**
     * RFC 8985 step 5: marks lost every segment sent before RACK.xmit_ts (or with it, lower in sequence) that
     * is not delivered and has waited RACK.rtt plus the window since it was sent; the reorder timer is armed for
     * the first of the others that would be. Returns true when anything was newly marked.
     */
    boolean detectLoss(Connection c, long now, boolean probeAnswered) {
        c.reorderDeadline = 0;
        if (!c.rackValid) {
            return false;
        }
        long window = reorderWindow(c, probeAnswered);
        long wait = 0;
        boolean lost = false;
        SentSegments sent = c.sent;
        for (int p = 0; p < sent.count(); p++) {
            long xmit = sent.sent(p);
            boolean beforeProbe = probeAnswered && Seq.lt(sent.start(p), c.probeEnd);
            if (sent.has(p, SentSegments.LOST) || !beforeProbe
                && !sentAfter(c.rackXmit, c.rackOrder, c.rackEnd, xmit, sent.order(p), sent.start(p))) {
                continue;
            }
            if (!beforeProbe && xmit == c.rackXmit && sent.order(p) == c.rackOrder && Seq.gt(sent.end(p), c.rackEnd)
                && !sent.split(p, c.rackEnd)) {
                // One transmission of several segments, of which only those below the delivered one were sent
                // before it; with no record free to tell them apart, none is taken as lost yet.
                continue;
            }
            if (c.scoreboard.unsackedBetween(sent.start(p), sent.end(p)) == 0) {
                continue;
            }
            long remaining = beforeProbe ? 0 : xmit + c.rackRtt + window - now;
            if (remaining <= 0) {
                if (sent.has(p, SentSegments.RETRANSMITTED)) {
                    counters.lostRetransmits++;
                }
                sent.mark(p, SentSegments.LOST);
                lost = true;
            } else if (window != NEVER) {
                wait = Math.max(wait, remaining);
            }
        }
        if (wait > 0) {
            c.reorderDeadline = now + wait;
            timers.schedule(c);
        }
        return lost;
    }

    /**
     * RFC 8985 step 4's adaptation: the first DSACK of a round trip widens the window by one step (a
     * retransmission was spurious, so segments arrive later than the window allowed); it stays widened for
     * sixteen recoveries.
     */
    void dsackReceived(Connection c) {
        if (c.dsackRoundActive && Seq.ge(c.sndUna, c.dsackRound)) {
            c.dsackRoundActive = false;
        }
        if (!c.dsackRoundActive) {
            c.dsackRoundActive = true;
            c.dsackRound = c.sndMax;
            c.reorderWindowSteps++;
            c.reorderWindowPersist = REORDER_WINDOW_PERSIST;
        }
    }

    /** A recovery ended: one fewer before a widened window narrows again. */
    void recoveryEnded(Connection c) {
        if (c.reorderWindowPersist > 0 && --c.reorderWindowPersist == 0) {
            c.reorderWindowSteps = 1;
        }
    }

    /** Bytes marked lost and not SACKed since: RFC 6675's pipe leaves them out until they are sent again. */
    static int lostBytes(Connection c) {
        int bytes = 0;
        SentSegments sent = c.sent;
        for (int p = 0; p < sent.count(); p++) {
            if (sent.has(p, SentSegments.LOST)) {
                bytes += c.scoreboard.unsackedBetween(sent.start(p), sent.end(p));
            }
        }
        return bytes;
    }
}
