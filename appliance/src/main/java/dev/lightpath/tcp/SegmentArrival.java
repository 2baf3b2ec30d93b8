package dev.lightpath.tcp;

import dev.lightpath.time.Clock;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.IpFamily;
import dev.lightpath.wire.TcpOptions;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.FIN;
import static dev.lightpath.wire.TcpHeader.RST;
import static dev.lightpath.wire.TcpHeader.SYN;

/**
 * Segment arrival for a known connection (RFC 9293 3.10.7), in its stages, with RFC 5961's challenge ACKs and
 * RFC 7323's PAWS; what the ACK means for the send side is handed to {@link LossRecovery} and the
 * {@link CongestionControl}. Nothing here frees the segment's mbuf: {@link #segmentArrives} says whether it is
 * kept, and the caller frees it otherwise.
 */
final class SegmentArrival {
    private final TcpConfig config;
    private final Clock clock;
    private final TcpCounters counters;
    private final TcpOptions options;
    private final int mssLimit;
    private final int mssLimit6;
    private final ChallengeAckLimiter challengeAcks;
    private ConnectionSlots slots;
    private ConnectionTimers timers;
    private TimeWait timeWait;
    private Listeners listeners;
    private Reassembly reassembly;
    private LossRecovery recovery;
    private TailLossProbe probe;
    private CongestionControl cc;
    private RttEstimator rtt;
    private SegmentOutput tx;
    private SendBuffering sendBuffering;

    SegmentArrival(TcpStack stack) {
        this.config = stack.config;
        this.clock = stack.clock;
        this.counters = stack.counters;
        this.options = stack.options;
        this.mssLimit = stack.mssLimit;
        this.mssLimit6 = stack.mssLimit6;
        this.challengeAcks = new ChallengeAckLimiter(stack.secrets.challengeAckSeed());
    }

    void wire(TcpStack stack) {
        this.slots = stack.slots;
        this.timers = stack.timers;
        this.timeWait = stack.timeWait;
        this.listeners = stack.listeners;
        this.reassembly = stack.reassembly;
        this.recovery = stack.recovery;
        this.probe = stack.probe;
        this.cc = stack.cc;
        this.rtt = stack.rtt;
        this.tx = stack.tx;
        this.sendBuffering = stack.sendBuffering;
    }

    /**
     * RFC 9293 3.10.7.4 for a segment on a known connection, in its stages: sequence acceptability (with PAWS),
     * RST, SYN, ACK, text, FIN. Returns true when the segment's mbuf is kept (held out of order); otherwise
     * the caller frees it, whichever stage ended it.
     */
    boolean segmentArrives(Connection c, long mbuf, long a, int length, int headerLength, int flags) {
        int seq = TcpHeader.sequence(a);
        int payload = length - headerLength;
        long now = clock.nanos();
        if (c.state == SYN_SENT) {
            synSent(c, a, seq, TcpHeader.acknowledgment(a), flags);
            return false;
        }
        int window = tx.receiveWindow(c);
        if (!acceptable(c, seq, payload, flags, window, now)) {
            return false;
        }
        if (c.tsOk && options.timestamps && Seq.le(seq, c.rcvNxt)) {
            c.tsRecent = options.timestampValue;
        }
        // Any acceptable segment shows the peer alive: it answers keep-alive probes and resets the idle clock.
        timers.touch(c, now);
        if (c.keepAliveDeadline != 0 || c.idleDeadline != 0) {
            timers.schedule(c);
        }
        if ((flags & RST) != 0) {
            resetArrives(c, seq, now);
            return false;
        }
        if ((flags & SYN) != 0) {
            // 3. SYN in a synchronized state (RFC 5961 4.2): challenge ACK.
            challengeAck(c, now);
            return false;
        }
        if ((flags & ACK) == 0 || !ackArrives(c, a, seq, payload, flags, now) || c.state == CLOSED) {
            return false;
        }
        return textArrives(c, mbuf, a + headerLength, seq, payload, flags, window, now);
    }

    /**
     * PAWS (RFC 7323 5.3) and step 1, sequence acceptability with zero windows included. An unacceptable
     * segment is answered by an ACK unless it is a RST (a FIN repeated into TIME-WAIT restarts its 2MSL).
     */
    private boolean acceptable(Connection c, int seq, int payload, int flags, int window, long now) {
        if (c.tsOk && options.timestamps && (flags & RST) == 0 && Seq.lt(options.timestampValue, c.tsRecent)) {
            tx.sendAck(c);
            return false;
        }
        int segLen = payload + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        boolean acceptable;
        if (segLen == 0) {
            acceptable = window == 0 ? seq == c.rcvNxt : Seq.inWindow(seq, c.rcvNxt, c.rcvNxt + window);
        } else {
            acceptable = window != 0 && (Seq.inWindow(seq, c.rcvNxt, c.rcvNxt + window)
                || Seq.inWindow(seq + segLen - 1, c.rcvNxt, c.rcvNxt + window));
        }
        if (!acceptable && (flags & RST) == 0) {
            if (c.state == TIME_WAIT && (flags & FIN) != 0) {
                c.timeWaitDeadline = now + config.timeWaitNanos;
                timers.schedule(c);
            }
            if (c.sackOk && payload > 0 && Seq.le(seq + payload, c.rcvNxt)) {
                // RFC 2883: data received twice is reported in the ACK's first SACK block, so that the sender
                // learns its retransmission was not needed.
                c.dsackPending = true;
                c.dsackLeft = seq;
                c.dsackRight = seq + payload;
            }
            tx.sendAck(c);
        }
        return acceptable;
    }

    /** Step 2 (RFC 5961 3.2): an exact match resets, anything else in the window earns a challenge ACK. */
    private void resetArrives(Connection c, int seq, long now) {
        if (seq != c.rcvNxt) {
            challengeAck(c, now);
            return;
        }
        counters.resetsReceived++;
        if (c.state == SYN_RECEIVED && c.passive) {
            slots.release(c, null);
        } else {
            boolean quiet = c.state == TIME_WAIT || c.state == CLOSING || c.state == LAST_ACK;
            slots.release(c, quiet ? StreamHandler.CloseReason.NORMAL : StreamHandler.CloseReason.RESET_BY_PEER);
        }
    }

    /** Step 4: the ACK completes a handshake in SYN-RECEIVED, then is processed; false ends the segment here. */
    private boolean ackArrives(Connection c, long a, int seq, int payload, int flags, long now) {
        int ack = TcpHeader.acknowledgment(a);
        if (c.state == SYN_RECEIVED) {
            if (!Seq.gt(ack, c.sndUna) || !Seq.le(ack, c.sndNxt)) {
                tx.resetFor(a, payload, flags, c);
                return false;
            }
            listeners.handshakeDone(c);
            slots.setState(c, ESTABLISHED);
            c.sndWnd = TcpHeader.window(a) << c.sndShift;
            c.maxSndWnd = Math.max(c.maxSndWnd, c.sndWnd);
            c.sndWl1 = seq;
            c.sndWl2 = ack;
            c.sndUna = c.iss + 1;
            c.retries = 0;
            c.rtoDeadline = 0;
            c.handler.onOpen(c);
            if (c.state == CLOSED) {
                return false;
            }
            if (c.finQueued) {
                slots.setState(c, FIN_WAIT_1);
            }
        }
        return processAck(c, a, seq, ack, payload, flags, now);
    }

    /**
     * Steps 6 and 7: the text, trimmed to what is new and fits the window, delivered in order or held out of
     * order; then a FIN that is the next thing in sequence. Returns true when the mbuf is held.
     */
    private boolean textArrives(Connection c, long mbuf, long data, int seq, int dataLength, int flags, int window,
                                long now) {
        if (Seq.lt(seq, c.rcvNxt)) {
            int skip = Math.min(c.rcvNxt - seq, dataLength);
            data += skip;
            dataLength -= skip;
            seq += skip;
        }
        // Text past the window's right edge is trimmed (RFC 9293 3.10.7.4), out-of-order text as well: held and
        // delivered once the hole fills, it would give the application more than the room it offered.
        int room = c.rcvNxt + window - seq;
        if (dataLength > room) {
            dataLength = Math.max(room, 0);
            flags &= ~FIN;
        }
        boolean receiving = c.state == ESTABLISHED || c.state == FIN_WAIT_1 || c.state == FIN_WAIT_2;
        if (dataLength > 0 && receiving) {
            if (seq != c.rcvNxt) {
                // Out of order: an immediate duplicate ACK drives the peer's fast retransmit.
                counters.outOfOrderSegments++;
                boolean held = reassembly.hold(c, mbuf, data, seq, dataLength);
                reassembly.noteOutOfOrderArrival(c, seq);
                tx.sendAck(c);
                // The segment's ACK may have opened the window: send what it allows.
                tx.flush(c);
                return held;
            }
            c.rcvNxt += dataLength;
            timers.touch(c, now);
            QuickAcks.dataArrived(c, now, config.quickAcks);
            // Counted before the application sees the data: an answer it sends at once carries the ACK and
            // clears the count, and then no delayed ACK may follow. A redundant ACK sent later crosses the
            // peer's next segment and reaches it as a duplicate while its own answer is outstanding.
            c.unackedSegments++;
            c.handler.onData(c, data, dataLength);
            if (c.state == CLOSED) {
                return false;
            }
            boolean filledHole = c.oooCount > 0;
            if (filledHole) {
                reassembly.drainOutOfOrder(c);
                if (c.state == CLOSED) {
                    return false;
                }
            }
            if (filledHole || c.unackedSegments >= 2 || (flags & FIN) != 0
                || (c.unackedSegments > 0 && QuickAcks.active(c))) {
                tx.sendAck(c);
            } else if (c.unackedSegments == 1 && c.delayedAckDeadline == 0) {
                c.delayedAckDeadline = now + config.delayedAckNanos;
                timers.schedule(c);
            }
        }
        if ((flags & FIN) != 0 && seq + dataLength == c.rcvNxt) {
            finArrives(c, now);
        } else {
            tx.flush(c);
        }
        return false;
    }

    /** A segment for a connection in SYN-SENT (RFC 9293 3.10.7.3). */
    private void synSent(Connection c, long a, int seq, int ack, int flags) {
        boolean hasAck = (flags & ACK) != 0;
        if (hasAck && (Seq.le(ack, c.iss) || Seq.gt(ack, c.sndNxt))) {
            if ((flags & RST) == 0) {
                tx.sendReset(c, ack, 0, RST);
            }
            return;
        }
        if ((flags & RST) != 0) {
            if (hasAck) {
                counters.resetsReceived++;
                slots.release(c, StreamHandler.CloseReason.REFUSED);
            }
            return;
        }
        if ((flags & SYN) == 0) {
            return;
        }
        c.irs = seq;
        c.rcvNxt = seq + 1;
        applySynOptions(c);
        c.sndWl1 = seq;
        if (hasAck) {
            c.sndUna = ack;
            c.sndWl2 = ack;
            c.sndWnd = TcpHeader.window(a) << c.sndShift;
            c.maxSndWnd = c.sndWnd;
            rtt.sampleRtt(c, ack, clock.nanos());
            c.retries = 0;
            c.rtoDeadline = 0;
            slots.setState(c, ESTABLISHED);
            tx.sendAck(c);
            c.handler.onOpen(c);
            if (c.state == ESTABLISHED) {
                tx.flush(c);
            }
        } else {
            // Simultaneous open: half-open, but no listener's backlog is involved.
            c.sndWnd = TcpHeader.window(a);
            slots.setState(c, SYN_RECEIVED);
            tx.sendSyn(c, true);
        }
    }

    /** Step 4 for synchronized states; false when the segment is to be dropped. */
    private boolean processAck(Connection c, long a, int seq, int ack, int payload, int flags, long now) {
        // RFC 5961 5.2: an ACK must lie in [SND.UNA - MAX.SND.WND, SND.NXT].
        if (Seq.gt(ack, c.sndMax) || Seq.lt(ack, c.sndUna - c.maxSndWnd)) {
            challengeAck(c, now);
            return false;
        }
        int window = TcpHeader.window(a) << c.sndShift;
        boolean sameWindow = window == c.sndWnd;
        int una = c.sndUna;
        int sackedBefore = c.sackOk ? c.scoreboard.sackedBytes() : 0;
        boolean newlySacked = c.sackOk && recovery.ackArrived(c, ack, now);
        // The window first (RFC 9293 3.10.7.4 updates it in the same step as SND.UNA): acknowledging may send at
        // once (the application refilling from onSendSpace, recovery retransmitting), and the new SND.UNA with
        // the old window would put bytes past a right edge the peer holds still while its window shrinks.
        if (Seq.ge(ack, c.sndUna) && (Seq.lt(c.sndWl1, seq) || (c.sndWl1 == seq && Seq.le(c.sndWl2, ack)))) {
            boolean opened = c.sndWnd == 0 && window > 0;
            c.sndWnd = window;
            c.maxSndWnd = Math.max(c.maxSndWnd, window);
            c.sndWl1 = seq;
            c.sndWl2 = ack;
            if (opened) {
                // The persist timer stops; a retransmission timer stays for whatever is still outstanding.
                c.zeroWindowSince = 0;
                c.retries = 0;
                c.rtoDeadline = c.sndMax != c.sndUna ? now + c.rto : 0;
            }
        }
        if (Seq.gt(ack, c.sndUna)) {
            acknowledge(c, ack, now);
        } else if (ack == c.sndUna && c.sndMax != c.sndUna && (newlySacked
            || payload == 0 && (flags & FIN) == 0 && sameWindow)) {
            // RFC 6675: an ACK that SACKs new data counts as a duplicate even when it carries data.
            recovery.duplicateAck(c);
        }
        if (c.sackOk && c.state != CLOSED && Seq.ge(ack, una)) {
            // RFC 6937's DeliveredData: SND.UNA's advance plus the change in SACKed bytes (negative when the
            // cumulative ACK swallows SACKed ranges, which the advance counted).
            int delivered = ack - una + c.scoreboard.sackedBytes() - sackedBefore;
            recovery.afterAck(c, delivered, newlySacked, now);
        }
        return ackInState(c, flags, now);
    }

    /**
     * The states that the ACK may move on: FIN-WAIT-1 to FIN-WAIT-2, CLOSING to TIME-WAIT, LAST-ACK to closed;
     * false when the segment ends here.
     */
    private boolean ackInState(Connection c, int flags, long now) {
        boolean finAcked = c.finSent && Seq.gt(c.sndUna, c.finSeq);
        switch (c.state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    slots.setState(c, FIN_WAIT_2);
                    if (config.finWait2TimeoutNanos > 0) {
                        c.finWait2Deadline = now + config.finWait2TimeoutNanos;
                        timers.schedule(c);
                    }
                }
            }
            case CLOSING -> {
                if (finAcked) {
                    timeWait.enterTimeWait(c, now);
                } else {
                    // Still the ESTABLISHED processing (RFC 9293 3.10.7.4): the window this ACK opened may
                    // carry data queued before close and then the FIN. Dropping it here left them unsent
                    // with nothing outstanding, so no timer would ever send them.
                    tx.flush(c);
                }
                return false;
            }
            case LAST_ACK -> {
                if (finAcked) {
                    slots.release(c, StreamHandler.CloseReason.NORMAL);
                } else {
                    tx.flush(c);
                }
                return false;
            }
            case TIME_WAIT -> {
                if ((flags & FIN) != 0) {
                    tx.sendAck(c);
                    c.timeWaitDeadline = now + config.timeWaitNanos;
                    timers.schedule(c);
                }
                return false;
            }
            default -> {
            }
        }
        return true;
    }

    /** New data acknowledged: the send queue, RTT, recovery or congestion control, timers, the application. */
    private void acknowledge(Connection c, int ack, long now) {
        int acked = ack - c.sndUna;
        int flight = c.sndMax - c.sndUna;
        int dataAcked = acked;
        if (c.finSent && Seq.gt(ack, c.finSeq)) {
            dataAcked--;
        }
        if (c.tsOk && options.timestamps) {
            rtt.sampleRttFromEcho(c);
        } else {
            rtt.sampleRtt(c, ack, now);
        }
        sendBuffering.releaseAcked(c, dataAcked);
        c.sndUna = ack;
        c.scoreboard.trim(ack);
        c.sent.trim(ack);
        if (Seq.lt(c.sndNxt, c.sndUna)) {
            c.sndNxt = c.sndUna;
        }
        c.retries = 0;
        timers.touch(c, now);
        if (c.inRecovery) {
            recovery.ackInRecovery(c, ack, acked);
        } else if (CongestionControl.windowInUse(c, flight)) {
            cc.onAck(c, acked, now);
        } else {
            counters.windowNotInUse++;
        }
        c.dupAcks = 0;
        c.limitedTransmit = 0;
        c.rtoDeadline = c.sndMax != c.sndUna ? now + c.rto : 0;
        probe.acknowledged(c, ack, now);
        timers.schedule(c);
        if (c.sendWasFull && c.handler != null && c.canQueue()) {
            c.sendWasFull = false;
            c.handler.onSendSpace(c);
        }
    }

    /** Step 8: the peer's FIN, in sequence. */
    private void finArrives(Connection c, long now) {
        c.rcvNxt++;
        c.peerFin = true;
        tx.sendAck(c);
        switch (c.state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                slots.setState(c, CLOSE_WAIT);
                c.handler.onPeerClosed(c);
            }
            case FIN_WAIT_1 -> {
                if (c.finSent && Seq.gt(c.sndUna, c.finSeq)) {
                    c.handler.onPeerClosed(c);
                    timeWait.enterTimeWait(c, now);
                } else {
                    slots.setState(c, CLOSING);
                    c.handler.onPeerClosed(c);
                }
            }
            case FIN_WAIT_2 -> {
                c.handler.onPeerClosed(c);
                if (c.state == FIN_WAIT_2) {
                    timeWait.enterTimeWait(c, now);
                }
            }
            default -> {
            }
        }
        if (c.state != CLOSED && c.state != TIME_WAIT) {
            tx.flush(c);
        }
    }

    private void challengeAck(Connection c, long now) {
        if (challengeAcks.tryAcquire(now, config.challengeAcksPerSecond)) {
            counters.challengeAcksSent++;
            tx.sendAck(c);
        } else {
            counters.challengeAcksSuppressed++;
        }
    }

    /** What the peer's SYN negotiated: MSS, window scale, SACK, timestamps; then the initial window. */
    void applySynOptions(Connection c) {
        int peerMss = options.mss > 0 ? options.mss : c.ipv6 ? IpFamily.IPV6.defaultMss() : TcpOptions.DEFAULT_MSS;
        c.sndMss = Math.min(peerMss, c.ipv6 ? mssLimit6 : mssLimit);
        if (options.windowScale >= 0 && config.windowScale > 0) {
            c.sndShift = options.windowScale;
            c.rcvShift = config.windowScale;
        } else {
            c.sndShift = 0;
            c.rcvShift = 0;
        }
        c.sackOk = config.sack && options.sackPermitted;
        c.tsOk = config.timestamps && options.timestamps;
        if (c.tsOk) {
            c.tsRecent = options.timestampValue;
            // Every segment carries 12 bytes of timestamp option, taken from the payload.
            c.sndMss -= 12;
        }
        cc.onOpen(c);
    }
}
