package dev.lightpath.tcp;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;

/**
 * Loss detection and recovery. With SACK: the peer's blocks kept in the scoreboard, losses found by {@link Rack}
 * (RFC 8985) from the send times of {@link SentSegments}, and RFC 6675 recovery that resends what RACK marks
 * lost while the pipe leaves room, the room set per ACK by PRR ({@link Prr}, RFC 6937); a tail loss probe
 * ({@link TailLossProbe}) when nothing else would find a loss before the timer; DSACK, Eifel and F-RTO to undo a
 * reduction that was not needed ({@link SpuriousRecovery}). Without SACK: three duplicate ACKs (fewer when few
 * segments are out, RFC 5827) and NewReno's partial ACKs (RFC 6582). And the retransmission timeout with its
 * backoff, zero-window probes and the limits that abort a connection. How much to send is the
 * {@link CongestionControl}'s.
 */
final class LossRecovery {
    private final TcpConfig config;
    private final TcpCounters counters;
    private final dev.lightpath.wire.TcpOptions options;
    private SegmentOutput tx;
    private CongestionControl cc;
    private ConnectionTimers timers;
    private Rack rack;
    private SpuriousRecovery spurious;
    private TailLossProbe probe;
    /** Set by {@link #ackArrived}: the ACK delivered data sent once before the latest timeout. */
    private boolean originalDelivered;

    LossRecovery(TcpStack stack) {
        this.config = stack.config;
        this.counters = stack.counters;
        this.options = stack.options;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
        this.cc = stack.cc;
        this.timers = stack.timers;
        this.rack = stack.rack;
        this.spurious = stack.spurious;
        this.probe = stack.probe;
    }

    /**
     * An acceptable ACK on a SACK connection, before SND.UNA moves: a DSACK in its first block, RACK's view of
     * what it delivers (the SACK blocks, then the cumulative ACK), the blocks merged into the scoreboard, Eifel's
     * test and F-RTO's step. Returns true when the blocks SACKed anything new.
     */
    boolean ackArrived(Connection c, int ack, long now) {
        boolean echo = c.tsOk && options.timestamps;
        int una = Seq.gt(ack, c.sndUna) ? ack : c.sndUna;
        int first = 0;
        if (options.sackBlocks > 0 && spurious.dsack(c, ack, options.sackLeft[0], options.sackRight[0],
            options.sackLeft[1], options.sackRight[1], options.sackBlocks > 1)) {
            first = 1;
        }
        originalDelivered = false;
        rack.ackArrives(c);
        boolean grew = false;
        for (int b = first; b < options.sackBlocks; b++) {
            int left = Seq.lt(options.sackLeft[b], una) ? una : options.sackLeft[b];
            int right = options.sackRight[b];
            if (Seq.lt(left, right) && Seq.le(right, c.sndMax)) {
                originalDelivered |= rack.delivered(c, left, right, now, c.frtoHigh);
                grew |= c.scoreboard.add(left, right, una, c.sndMax);
            }
        }
        boolean advanced = Seq.gt(ack, c.sndUna);
        if (advanced) {
            originalDelivered |= rack.delivered(c, c.sndUna, ack, now, c.frtoHigh);
            spurious.acknowledged(c, ack, echo, options.timestampEcho);
        }
        if (c.frtoStage != 0) {
            spurious.afterTimeout(c, originalDelivered, advanced, grew);
        }
        return grew;
    }

    /**
     * After a SACK connection's ACK has moved SND.UNA and the window: RACK marks what it shows lost; recovery
     * starts on a loss, or goes on, PRR setting how much may be sent for the {@code delivered} bytes.
     */
    void afterAck(Connection c, int delivered, boolean newlySacked, long now) {
        if (c.frtoStage != 0) {
            // F-RTO decides what the next ACKs mean; new data goes out once this one has opened the window.
            if (c.frtoNewDataPending) {
                c.frtoNewDataPending = false;
                spurious.sendNewData(c);
            }
            return;
        }
        boolean lost = (newlySacked || c.inRecovery || c.retries > 0 || c.reorderDeadline != 0)
            && rack.detectLoss(c, now, TailLossProbe.answered(c));
        if (c.inRecovery) {
            Prr.ack(c, delivered, pipe(c));
            sackRecover(c);
        } else if (lost) {
            enterRecovery(c, delivered);
        } else if (c.limitedTransmit > 0) {
            tx.flush(c);
        }
        if (c.inRecovery) {
            // Each ACK of a recovery starts the probe's two round trips again: it fires only when they stop.
            probe.arm(c, now);
        } else {
            // A recovery ended by an undo, or an ACK that moved nothing: the flight still gets its probe.
            probe.sent(c, now, false);
        }
    }

    /** The reorder timer: the segments RACK waited on had their reordering window; any still missing are lost. */
    void reorderTimeout(Connection c, long now) {
        c.reorderDeadline = 0;
        if (c.state < ESTABLISHED || c.state == TIME_WAIT || c.sndMax == c.sndUna) {
            return;
        }
        counters.reorderTimeouts++;
        if (rack.detectLoss(c, now, TailLossProbe.answered(c))) {
            if (c.inRecovery) {
                Prr.ack(c, 0, pipe(c));
                sackRecover(c);
            } else {
                enterRecovery(c, 0);
            }
        }
    }

    /**
     * New data acknowledged during recovery: a full ACK ends it. Without SACK a partial ACK means the new head is
     * lost too and is sent again (RFC 6582); with SACK, RACK decides in {@link #afterAck}.
     */
    void ackInRecovery(Connection c, int ack, int acked) {
        if (Seq.ge(ack, c.recover)) {
            c.inRecovery = false;
            cc.onRecoveryEnd(c);
            rack.recoveryEnded(c);
        } else if (!c.sackOk) {
            // NewReno partial ACK (RFC 6582 3.2): the next hole is lost too; deflate by what was acknowledged.
            retransmitHead(c);
            c.cwnd = Math.max(c.sndMss, c.cwnd - acked + c.sndMss);
            counters.retransmitsFast++;
        }
    }

    /**
     * A duplicate ACK (RFC 5681). Without SACK, three (fewer for a small flight) start NewReno recovery, and
     * each inflates the window in it. With SACK, RACK looks at the blocks; the first two duplicates outside
     * recovery each let one new segment out beyond cwnd (RFC 3042 limited transmit), so that a small window
     * still draws the ACKs that show a loss.
     */
    void duplicateAck(Connection c) {
        c.dupAcks++;
        if (c.sackOk) {
            if (!c.inRecovery && c.dupAcks <= 2) {
                c.limitedTransmit = c.dupAcks * c.sndMss;
            }
        } else if (c.inRecovery) {
            c.cwnd += c.sndMss;
            tx.flush(c);
        } else if (c.dupAcks >= duplicateThreshold(c)) {
            enterNewRenoRecovery(c);
        } else if (c.dupAcks <= 2) {
            c.limitedTransmit = c.dupAcks * c.sndMss;
            tx.flush(c);
        }
    }

    /**
     * A segment of [{@code seq}, {@code end}) went out: its send time for RACK, and, when it was sent before,
     * one more retransmission of the episode for the undo, one more segment for PRR's count.
     */
    void transmitted(Connection c, int seq, int end, long now, int tsval) {
        if (Seq.lt(seq, c.sndMax)) {
            spurious.retransmitted(c, tsval);
        }
        if (c.inRecovery) {
            c.prrOut += end - seq;
        }
        if (c.sackOk) {
            c.sent.transmitted(seq, end, c.sndMax, now);
        }
    }

    /**
     * Recovery begins on a loss RACK found: the window reduced (not when the loss is found while a timeout's
     * retransmissions are still going out: the timeout reduced it already), then the lost segments resent.
     */
    private void enterRecovery(Connection c, int delivered) {
        if (c.scoreboard.sackedBytes() < 3 * c.sndMss) {
            counters.retransmitsEarly++;
        }
        c.limitedTransmit = 0;
        TailLossProbe.cancel(c);
        boolean afterTimeout = c.timedOut && Seq.lt(c.sndUna, c.frtoHigh);
        if (!afterTimeout) {
            spurious.begin(c);
            cc.onLoss(c);
        }
        c.frtoStage = 0;
        c.sndNxt = c.sndMax;
        c.inRecovery = true;
        c.recover = c.sndMax;
        c.rttTiming = false;
        Prr.begin(c);
        Prr.ack(c, delivered, pipe(c));
        sackRecover(c);
    }

    /** Fast retransmit of the head and NewReno recovery (RFC 6582), for connections without SACK. */
    private void enterNewRenoRecovery(Connection c) {
        if (duplicateThreshold(c) < 3) {
            counters.retransmitsEarly++;
        }
        c.limitedTransmit = 0;
        spurious.begin(c);
        cc.onLoss(c);
        c.inRecovery = true;
        c.recover = c.sndMax;
        c.rttTiming = false;
        retransmitHead(c);
        counters.retransmitsFast++;
        c.cwnd = c.ssthresh + 3 * c.sndMss;
    }

    /**
     * The duplicates that mean a loss: three (RFC 5681), or, when fewer than four segments are outstanding and no
     * new data can go out to draw more, one less than are outstanding (RFC 5827 early retransmit). Without it, a
     * loss in a window of two or three segments (after a timeout, at the end of a response) waits for the
     * retransmission timer, and under steady loss each timeout leaves the small window that invites the next.
     * With SACK, RACK uses it as DupThresh (segments SACKed).
     */
    static int duplicateThreshold(Connection c) {
        int outstanding = (c.sndMax - c.sndUna + c.sndMss - 1) / c.sndMss;
        boolean newDataWaits = c.queuedBytes > c.sndMax - c.sndUna;
        boolean windowOpen = Seq.lt(c.sndMax, c.sndUna + Math.min(c.sndWnd, c.cwnd + c.limitedTransmit));
        // One segment out: nothing after it can draw a duplicate that means it was lost (the probe and the
        // timer are what find that loss), so no duplicate may retransmit it.
        return outstanding >= 2 && outstanding < 4 && !(newDataWaits && windowOpen) ? outstanding - 1 : 3;
    }

    /**
     * RFC 6675's step, with RACK's marks for IsLost: while the pipe leaves room in cwnd, resend the unSACKed bytes
     * of the segments marked lost, lowest first (each resend clears its mark and restamps its send time, so a
     * resend lost in turn is found like any loss); then new data within the same room.
     */
    private void sackRecover(Connection c) {
        SentSegments sent = c.sent;
        int pipe = pipe(c);
        for (int p = 0; p < sent.count() && pipe + c.sndMss <= c.cwnd; p++) {
            if (!sent.has(p, SentSegments.LOST)) {
                continue;
            }
            int seq = skipSacked(c, Seq.gt(sent.start(p), c.sndUna) ? sent.start(p) : c.sndUna);
            int end = sent.end(p);
            if (!Seq.lt(seq, end)) {
                continue;
            }
            boolean finInRecord = c.finSent && Seq.gt(end, c.finSeq);
            int dataEnd = finInRecord ? c.finSeq : end;
            int n = Math.min(c.sndMss, c.scoreboard.nextSacked(seq, dataEnd) - seq);
            boolean fin = finInRecord && seq + n == c.finSeq;
            int resent = tx.sendData(c, seq, seq - c.sndUna, Math.max(0, n), fin);
            if (resent < 0) {
                return;
            }
            counters.retransmitsFast++;
            pipe += Math.max(1, resent);
            // The record was split at the resend's end: a remainder still marked lost is the next one.
        }
        tx.flush(c);
    }

    /**
     * RFC 6675 SetPipe with RACK's marks: what is outstanding, less what is SACKed and what is marked lost and
     * not sent again since.
     */
    static int pipe(Connection c) {
        return c.sndMax - c.sndUna - c.scoreboard.sackedBytes() - Rack.lostBytes(c);
    }

    /** Re-sends the first unacknowledged segment; returns its data bytes. */
    int retransmitHead(Connection c) {
        int outstanding = c.sndMax - c.sndUna;
        int n = Math.min(c.sndMss, Math.min(outstanding, c.queuedBytes));
        boolean fin = c.finSent && c.sndUna + n == c.finSeq && Seq.gt(c.sndMax, c.finSeq);
        if (n > 0 || fin) {
            return Math.max(0, tx.sendData(c, c.sndUna, 0, n, fin));
        }
        return n;
    }

    /** The end of the SACKed range holding {@code seq}, or {@code seq} when it is not SACKed. */
    static int skipSacked(Connection c, int seq) {
        SackScoreboard board = c.scoreboard;
        for (int i = 0; i < board.ranges(); i++) {
            if (Seq.inWindow(seq, board.left(i), board.right(i))) {
                return board.right(i);
            }
        }
        return seq;
    }

    /** RFC 6298 5.4-5.7 for data, RFC 9293 3.8.6.1 zero-window probes, and the SYN retransmissions. */
    void retransmissionTimeout(Connection c, long now) {
        c.probeDeadline = 0;
        c.probeOut = false;
        c.reorderDeadline = 0;
        boolean probing = c.sndWnd == 0 && c.sndNxt == c.sndUna && c.state >= ESTABLISHED;
        if (!probing && ++c.retries > config.maxRetransmissions
            || probing && c.finQueued && ++c.retries > config.maxOrphanProbes) {
            timers.abortWith(c, StreamHandler.CloseReason.TIMEOUT);
            return;
        }
        c.rto = Math.min(config.maxRtoNanos, c.rto * 2);
        c.rtoDeadline = now + c.rto;
        c.rttTiming = false;
        if (c.state == SYN_SENT) {
            counters.retransmitsTimeout++;
            tx.sendSyn(c, false);
        } else if (c.state == SYN_RECEIVED) {
            counters.retransmitsTimeout++;
            tx.sendSyn(c, true);
        } else if (probing) {
            zeroWindowProbe(c, now);
        } else {
            dataTimeout(c, now);
        }
    }

    /** The window is shut with data waiting: an out-of-window ACK makes the peer answer with its window. */
    private void zeroWindowProbe(Connection c, long now) {
        if (c.zeroWindowSince == 0) {
            c.zeroWindowSince = now;
        }
        long shutFor = now - c.zeroWindowSince;
        if (config.zeroWindowTimeoutNanos > 0 && shutFor >= config.zeroWindowTimeoutNanos) {
            counters.zeroWindowTimeouts++;
            timers.abortWith(c, StreamHandler.CloseReason.TIMEOUT);
            return;
        }
        if (config.zeroWindowTimeoutNanos > 0) {
            c.rtoDeadline = Math.min(c.rtoDeadline, c.zeroWindowSince + config.zeroWindowTimeoutNanos);
        }
        tx.sendControl(c, c.sndUna - 1, c.rcvNxt, ACK);
    }

    /**
     * Data timed out: everything unSACKed sent a round trip and a reordering window ago is taken as lost (RFC
     * 8985 6.3), the window drops to one segment, and sending goes back to SND.UNA, skipping what was SACKed;
     * F-RTO watches the next ACKs for a timeout that was not needed.
     */
    private void dataTimeout(Connection c, long now) {
        counters.retransmitsTimeout++;
        c.timedOut = true;
        c.timeoutTsval = tx.timestampNow(c);
        if (c.retries > 1) {
            // A second timeout for the same data: the peer may have dropped what it SACKed (RFC 2018 allows
            // reneging), so go back over everything.
            c.scoreboard.clear();
        }
        spurious.timeout(c);
        markLostOnTimeout(c, now);
        cc.onTimeout(c);
        c.inRecovery = false;
        c.dupAcks = 0;
        c.limitedTransmit = 0;
        c.sndNxt = c.sndUna;
        c.rtoDeadline = 0;
        tx.flush(c);
        if (c.rtoDeadline == 0) {
            c.rtoDeadline = now + c.rto;
        }
    }

    private void markLostOnTimeout(Connection c, long now) {
        SentSegments sent = c.sent;
        long window = rack.reorderWindow(c, false);
        for (int p = 0; p < sent.count(); p++) {
            if (p == 0 || sent.sent(p) + c.rackRtt + window <= now) {
                sent.mark(p, SentSegments.LOST);
            }
        }
    }
}
