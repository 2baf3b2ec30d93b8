package dev.lightpath.tcp;

/**
 * Undoing a window reduction that was not needed, as Linux does: a recovery or a timeout saves the window it
 * reduces, and when every retransmission it made is shown to have been unnecessary the window comes back.
 * Three kinds of evidence:
 * <ul>
 * <li>DSACK (RFC 2883, RFC 3708): the peer reports each retransmission it had already received; when the
 *     DSACKs cover as many retransmissions as the episode made, none was needed.</li>
 * <li>Eifel (RFC 3522): with timestamps, the ACK that first covers the episode's only retransmission echoes a
 *     timestamp older than that retransmission's, so the original got there.</li>
 * <li>F-RTO (RFC 5682 section 3, SACK-enhanced as Linux has it): after a timeout only the head is resent; the
 *     first ACK that advances SND.UNA lets new data out instead of resending more, and if data sent once before
 *     the timeout is then delivered (cumulatively or by SACK), the flight was delayed, not lost.</li>
 * </ul>
 * The response is Linux's (close to RFC 4015): cwnd and ssthresh back to at least what they were, the episode
 * ended, and a timeout's go-back stopped. Counted in {@code tcp.retransmits.undone}, spurious timeouts also in
 * {@code tcp.timeouts.spurious}.
 */
final class SpuriousRecovery {
    private final TcpConfig config;
    private final TcpCounters counters;
    private CongestionControl cc;
    private Rack rack;
    private SegmentOutput tx;

    SpuriousRecovery(TcpStack stack) {
        this.config = stack.config;
        this.counters = stack.counters;
    }

    void wire(TcpStack stack) {
        this.cc = stack.cc;
        this.rack = stack.rack;
        this.tx = stack.tx;
    }

    /** A recovery or a timeout reduces the window: what it was is kept for an undo. */
    void begin(Connection c) {
        cc.saveForUndo(c);
        c.undoArmed = true;
        c.undoAfterTimeout = false;
        c.undoMarker = c.sndUna;
        c.undoHigh = c.sndMax;
        c.undoRetrans = 0;
        c.retransTsvalSet = false;
    }

    /** A retransmission went out with timestamp {@code tsval}: one more for DSACKs to account for. */
    void retransmitted(Connection c, int tsval) {
        if (c.undoArmed && (c.inRecovery || c.retries > 0)) {
            c.undoRetrans++;
            if (!c.retransTsvalSet) {
                c.retransTsvalSet = true;
                c.retransTsval = tsval;
            }
        }
    }

    /**
     * The first SACK block of an ACK is a DSACK (RFC 2883 4.1): below the cumulative ACK, or inside the second
     * block. Returns true when it is; it then widens RACK's reordering window and, when it covers a
     * retransmission of the episode (within what was outstanding when it began: not a later tail loss probe's),
     * counts towards the undo.
     */
    boolean dsack(Connection c, int ack, int left, int right, int secondLeft, int secondRight, boolean hasSecond) {
        boolean below = Seq.le(right, ack);
        boolean inside = hasSecond && Seq.ge(left, secondLeft) && Seq.le(right, secondRight);
        if (!below && !inside || !Seq.lt(left, right)) {
            return false;
        }
        counters.dsacksReceived++;
        rack.dsackReceived(c);
        if (c.undoArmed && c.undoRetrans > 0 && Seq.ge(left, c.undoMarker) && Seq.le(right, c.undoHigh)) {
            int segments = Math.max(1, (right - left + c.sndMss - 1) / c.sndMss);
            c.undoRetrans = Math.max(0, c.undoRetrans - segments);
            if (c.undoRetrans == 0) {
                undo(c);
            }
        }
        return true;
    }

    /**
     * Eifel: the ACK advancing SND.UNA past the episode's only retransmission echoes a timestamp from before
     * it. {@code echo} is the ACK's TSecr, valid when {@code hasEcho}.
     */
    void acknowledged(Connection c, int ack, boolean hasEcho, int echo) {
        if (c.undoArmed && hasEcho && c.retransTsvalSet && c.undoRetrans == 1 && Seq.gt(ack, c.undoMarker)
            && Seq.lt(echo, c.retransTsval)) {
            undo(c);
        }
    }

    /**
     * The retransmission timer fired with data out: on its first firing for this data, with SACK, F-RTO
     * watches the next ACKs. Called before the window is reduced.
     */
    void timeout(Connection c) {
        if (!c.inRecovery && c.retries == 1) {
            begin(c);
            c.undoAfterTimeout = true;
            c.frtoStage = config.frto && c.sackOk ? 1 : 0;
            c.frtoHigh = c.sndMax;
        } else {
            c.frtoStage = 0;
        }
    }

    /**
     * F-RTO's steps on an ACK after the timeout. {@code originalDelivered}: the ACK delivered data below the
     * timeout's SND.MAX that was sent only once. {@code advanced}: it moved SND.UNA; {@code sacked}: it SACKed
     * anything new. Returns true when the timeout was found spurious (and undone).
     */
    boolean afterTimeout(Connection c, boolean originalDelivered, boolean advanced, boolean sacked) {
        if (c.frtoStage == 0) {
            return false;
        }
        if (originalDelivered) {
            undo(c);
            return true;
        }
        if (c.frtoStage == 2) {
            if (sacked || !advanced) {
                // Step 3a: the new data got there and the old did not: the loss was real; go back as usual.
                c.frtoStage = 0;
                c.frtoNewDataPending = false;
                c.sndNxt = c.sndUna;
            }
        } else if (advanced) {
            // Step 2b: the head's retransmission (or the original) is acknowledged; send new data rather than
            // resend more, and see what the next ACK says of the data sent before the timeout.
            c.frtoStage = 2;
            c.sndNxt = c.sndMax;
            c.frtoNewDataPending = true;
        } else {
            c.frtoStage = 0;
        }
        return false;
    }

    /** Up to two new segments beyond SND.MAX, whatever cwnd says; F-RTO ends when there are none. */
    void sendNewData(Connection c) {
        boolean finOut = c.finSent && Seq.gt(c.sndMax, c.finSeq);
        int unsent = c.queuedBytes - (c.sndMax - c.sndUna - (finOut ? 1 : 0));
        if (unsent <= 0 || finOut || !Seq.lt(c.sndMax, c.sndUna + c.sndWnd)) {
            // Nothing new to send: conventional recovery, going back from SND.UNA.
            c.frtoStage = 0;
            c.sndNxt = c.sndUna;
            return;
        }
        int before = c.sndMax;
        c.sndNxt = c.sndMax;
        c.limitedTransmit = Math.max(0, c.sndMax - c.sndUna - c.cwnd) + 2 * c.sndMss;
        tx.flush(c);
        c.limitedTransmit = 0;
        if (c.sndMax == before) {
            c.frtoStage = 0;
            c.sndNxt = c.sndUna;
        }
    }

    /** Every retransmission of the episode was unnecessary: the window it cut comes back, the episode ends. */
    private void undo(Connection c) {
        counters.retransmitsUndone++;
        if (c.undoAfterTimeout) {
            counters.spuriousTimeouts++;
        }
        cc.onUndo(c);
        c.undoArmed = false;
        c.frtoNewDataPending = false;
        c.inRecovery = false;
        c.dupAcks = 0;
        if (!c.undoAfterTimeout) {
            // A fast retransmission that was not needed: the original came late, behind later segments. A
            // timeout that was not needed shows a delay, not a reordering, and keeps the window at zero in
            // recovery (Linux, too, counts reordering only from what the SACKs and ACKs show).
            c.reorderingSeen = true;
        }
        if (c.frtoStage != 0 || c.retries > 0 || Seq.lt(c.sndNxt, c.sndMax)) {
            // A timeout's go-back stops: what it would resend is in flight, not lost.
            c.frtoStage = 0;
            c.sndNxt = c.sndMax;
        }
        clearLostMarks(c);
    }

    private static void clearLostMarks(Connection c) {
        SentSegments sent = c.sent;
        for (int p = 0; p < sent.count(); p++) {
            sent.unmark(p, SentSegments.LOST);
        }
    }
}
