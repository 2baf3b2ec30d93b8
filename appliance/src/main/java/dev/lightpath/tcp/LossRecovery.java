package dev.lightpath.tcp;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;

/**
 * Loss detection and recovery: the SACK scoreboard kept from the peer's blocks, fast retransmit on three
 * duplicate ACKs or three segments' worth SACKed above the head, RFC 6675 recovery by the pipe (NewReno's
 * RFC 6582 without SACK), and the retransmission timeout with its backoff, zero-window probes and the limits
 * that abort a connection. How much to send is the {@link CongestionControl}'s.
 */
final class LossRecovery {
    /** Added to a probe's timeout when one segment is out: the peer may hold its ACK for a delayed-ACK time. */
    private static final long DELAYED_ACK_ALLOWANCE = 200_000_000L;
    /** Added otherwise, so that a probe never races the ACKs of a flight still arriving. */
    private static final long PROBE_SLACK = 2_000_000L;
    private final TcpConfig config;
    private final TcpCounters counters;
    private final dev.lightpath.wire.TcpOptions options;
    private SegmentOutput tx;
    private CongestionControl cc;
    private ConnectionTimers timers;

    LossRecovery(TcpStack stack) {
        this.config = stack.config;
        this.counters = stack.counters;
        this.options = stack.options;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
        this.cc = stack.cc;
        this.timers = stack.timers;
    }

    /**
     * New data acknowledged during recovery: a full ACK ends it; a partial ACK means the new head is lost too and
     * is sent again (RFC 6675 with SACK, RFC 6582 without).
     */
    void ackInRecovery(Connection c, int ack, int acked) {
        if (Seq.ge(ack, c.recover)) {
            c.inRecovery = false;
            cc.onRecoveryEnd(c);
        } else if (c.sackOk) {
            // A partial ACK: the new head was sent before recovery began and is missing too. With nothing
            // SACKed above it the scoreboard shows no hole, so resend it here, once (the role of RFC 6675's
            // rescue retransmission), rather than leave it to the timeout; then send by the pipe.
            if (Seq.le(c.highRxt, c.sndUna) && !c.scoreboard.covers(c.sndUna)) {
                c.highRxt = c.sndUna + Math.max(1, retransmitHead(c));
                counters.retransmitsFast++;
            }
            sackRecover(c);
        } else {
            // NewReno partial ACK (RFC 6582 3.2): the next hole is lost too; deflate by what was acknowledged.
            retransmitHead(c);
            c.cwnd = Math.max(c.sndMss, c.cwnd - acked + c.sndMss);
            counters.retransmitsFast++;
        }
    }

    /** Merges the segment's SACK blocks into the scoreboard; true when they SACKed anything new. */
    boolean recordSack(Connection c, int ack) {
        boolean grew = false;
        int una = Seq.gt(ack, c.sndUna) ? ack : c.sndUna;
        for (int b = 0; b < options.sackBlocks; b++) {
            grew |= c.scoreboard.add(options.sackLeft[b], options.sackRight[b], una, c.sndMax);
        }
        return grew;
    }

    /** A duplicate ACK (RFC 5681), or one that SACKs new data (RFC 6675): recovery starts, or goes on. */
    void duplicateAck(Connection c) {
        c.dupAcks++;
        if (c.inRecovery) {
            if (c.sackOk) {
                sackRecover(c);
            } else {
                c.cwnd += c.sndMss;
                tx.flush(c);
            }
        } else {
            int threshold = duplicateThreshold(c);
            if (countedDuplicatesShowLoss(c, threshold) || headLostBySack(c, threshold) || probeRevealedLoss(c)) {
                enterRecovery(c, threshold);
            } else if (c.dupAcks <= 2) {
                // RFC 3042 limited transmit: each of the first two duplicates lets one new segment out beyond
                // cwnd, so that a small window still draws the duplicates a loss needs to be seen.
                c.limitedTransmit = c.dupAcks * c.sndMss;
                tx.flush(c);
            }
        }
    }

    /**
     * An ACK that advanced SND.UNA and SACKed new data is no duplicate, yet the scoreboard may already show the new
     * head lost (RFC 6675 IsLost(SND.UNA)): recovery starts then, as it would on the duplicates that will not come
     * when little is in flight.
     */
    void newDataSacked(Connection c) {
        if (!c.inRecovery && c.sndMax != c.sndUna) {
            int threshold = duplicateThreshold(c);
            if (headLostBySack(c, threshold) || probeRevealedLoss(c)) {
                enterRecovery(c, threshold);
            }
        }
    }

    /**
     * Arms the tail loss probe (RFC 8985 section 7) when data is outstanding and nothing else watches for its
     * loss but the retransmission timer: a loss at the end of a flight draws no duplicate ACKs, and the timer
     * (200 ms at least, backing off) is the slowest way to find it. The probe goes out after two smoothed round
     * trips, plus a delayed ACK's worth when a single segment is out; not when the timer would fire first.
     */
    void armProbe(Connection c, long now) {
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
        armProbe(c, now);
    }

    /** Segments went out: a flight with no probe armed gets one. */
    void sent(Connection c, long now) {
        if (c.probeDeadline == 0 && !c.probeOut && c.sndMax != c.sndUna) {
            armProbe(c, now);
        }
    }

    /**
     * The probe: one new segment if the window allows and data waits, otherwise the last segment again. Either
     * draws an ACK whose SACK shows what before it was lost ({@link #probeRevealedLoss}); the retransmission
     * timer stays armed behind it.
     */
    void tailLossProbe(Connection c) {
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
            c.limitedTransmit = c.sndMss;
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

    /**
     * RFC 8985's rule for the probe's answer: the probe went out two round trips after everything before it, so
     * when a SACK reaches the probe's end, whatever below it is still unSACKed is lost, however little that is.
     */
    private static boolean probeRevealedLoss(Connection c) {
        return c.probeOut && c.sackOk && Seq.ge(c.scoreboard.highest(c.sndUna), c.probeEnd);
    }

    /**
     * Enough duplicates to call the head lost. Below the classic three, a duplicate proves nothing by itself:
     * an ACK sent before the peer saw our latest segment (a delayed or a window-update ACK crossing it) is a
     * duplicate too. So with SACK the early threshold counts only through what the duplicates SACKed
     * ({@link #headLostBySack}), as RFC 5827 section 3.2 has it.
     */
    private static boolean countedDuplicatesShowLoss(Connection c, int threshold) {
        return c.dupAcks >= threshold && (threshold == 3 || !c.sackOk);
    }

    /** RFC 6675 IsLost for the head: more than DupThresh - 1 segments' worth SACKed above it. */
    private static boolean headLostBySack(Connection c, int threshold) {
        return c.sackOk && c.scoreboard.sackedBytes() > (threshold - 1) * c.sndMss;
    }

    /** Fast retransmit of the head and the start of recovery (RFC 6675 with SACK, RFC 6582 without). */
    private void enterRecovery(Connection c, int threshold) {
        if (threshold < 3) {
            counters.retransmitsEarly++;
        }
        c.limitedTransmit = 0;
        c.probeOut = false;
        c.probeDeadline = 0;
        cc.onLoss(c);
        c.inRecovery = true;
        c.recover = c.sndMax;
        c.rttTiming = false;
        c.retransmitFence = c.sndMax;
        int head = retransmitHead(c);
        counters.retransmitsFast++;
        if (c.sackOk) {
            // RFC 6675: no inflation; the pipe estimate decides what else goes out.
            c.cwnd = c.ssthresh;
            c.highRxt = c.sndUna + head;
            sackRecover(c);
        } else {
            c.cwnd = c.ssthresh + 3 * c.sndMss;
        }
    }

    /**
     * The duplicates that mean a loss: three (RFC 5681), or, when fewer than four segments are outstanding and no
     * new data can go out to draw more, one less than are outstanding (RFC 5827 early retransmit). Without it, a
     * loss in a window of two or three segments (after a timeout, at the end of a response) waits for the
     * retransmission timer, and under steady loss each timeout leaves the small window that invites the next.
     */
    private static int duplicateThreshold(Connection c) {
        int outstanding = (c.sndMax - c.sndUna + c.sndMss - 1) / c.sndMss;
        boolean newDataWaits = c.queuedBytes > c.sndMax - c.sndUna;
        boolean windowOpen = Seq.lt(c.sndMax, c.sndUna + Math.min(c.sndWnd, c.cwnd + c.limitedTransmit));
        // One segment out: nothing after it can draw a duplicate that means it was lost (the probe and the
        // timer are what find that loss), so no duplicate may retransmit it.
        return outstanding >= 2 && outstanding < 4 && !(newDataWaits && windowOpen) ? outstanding - 1 : 3;
    }

    /**
     * RFC 6675 loss recovery step: while the pipe (bytes believed in the network) leaves room in cwnd,
     * retransmit the next hole the scoreboard shows above HighRxt, each hole once; when no hole is left, new
     * data goes out within the same room. Bytes below the highest SACK that are not SACKed count as lost
     * (a simplification of IsLost that treats reordering as loss, costing a spurious retransmission at most).
     */
    private void sackRecover(Connection c) {
        SackScoreboard board = c.scoreboard;
        if (Seq.lt(c.highRxt, c.sndUna)) {
            c.highRxt = c.sndUna;
        }
        if (Seq.gt(board.highest(c.sndUna), c.retransmitFence) && board.nextHole(c.sndUna)
            && Seq.lt(board.holeStart(), c.highRxt)) {
            // Data first sent after our latest retransmission has been SACKed, yet a hole we retransmitted is
            // still open: the retransmission was lost too (RFC 8985's rule, with sequence order standing for
            // send order, since everything above the fence went out after it). Go over the holes again rather
            // than wait for the retransmission timer.
            counters.lostRetransmits++;
            c.highRxt = c.sndUna;
        }
        while (pipe(c) + c.sndMss <= c.cwnd && board.nextHole(c.highRxt)) {
            int start = board.holeStart();
            int n = tx.sendData(c, start, start - c.sndUna, Math.min(c.sndMss, board.holeEnd() - start), false);
            if (n < 0) {
                return;
            }
            c.highRxt = start + n;
            c.retransmitFence = c.sndMax;
            counters.retransmitsFast++;
        }
        tx.flush(c);
    }

    /**
     * RFC 6675 SetPipe, simplified: what was sent above the highest SACK is still in flight; below it, only
     * the holes retransmitted in this recovery are.
     */
    static int pipe(Connection c) {
        int highest = c.scoreboard.highest(c.sndUna);
        int retransmittedTo = Seq.lt(c.highRxt, highest) ? c.highRxt : highest;
        return (c.sndMax - highest) + c.scoreboard.unsackedBetween(c.sndUna, retransmittedTo);
    }

    /** Re-sends the first unacknowledged segment (up to the first SACKed byte); returns its data bytes. */
    private int retransmitHead(Connection c) {
        int outstanding = c.sndMax - c.sndUna;
        int n = Math.min(c.sndMss, Math.min(outstanding, c.queuedBytes));
        n = Math.min(n, c.scoreboard.nextSacked(c.sndUna, c.sndUna + n) - c.sndUna);
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
            // Zero-window probe: an out-of-window ACK makes the peer answer with its current window.
            tx.sendControl(c, c.sndUna - 1, c.rcvNxt, ACK);
        } else {
            counters.retransmitsTimeout++;
            c.timedOut = true;
            c.timeoutTsval = tx.timestampNow(c);
            if (c.retries > 1) {
                // A second timeout for the same data: the peer may have dropped what it SACKed (RFC 2018
                // allows reneging), so go back over everything.
                c.scoreboard.clear();
            }
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
    }
}
