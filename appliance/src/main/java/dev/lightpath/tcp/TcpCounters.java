package dev.lightpath.tcp;

import dev.lightpath.metrics.CounterVisitor;

/** One core's TCP counters: plain fields written by the owning core only, read through {@link #forEach}. */
public final class TcpCounters {
    /** The gauges' names, made once: visiting allocates nothing. */
    private static final String[] STATE_NAMES = stateNames();

    public final long[] connectionsByState = new long[TcpState.COUNT];
    public long openedActive;
    /** Data went out with no block of sent records free: its flight timed as one range. */
    public long sentRecordsExhausted;
    /** A segment beyond a hole was not kept: every out-of-order queue of the core was lent. */
    public long outOfOrderNoQueue;
    /** The application could not queue bytes: every send queue of the core was lent (the connection waits). */
    public long sendQueuesExhausted;
    /** The application could not copy bytes: every copy area of the core was lent (the connection waits). */
    public long sendBuffersExhausted;
    /** The peer's SACK blocks were not kept: every scoreboard of the core was lent. */
    public long sackScoreboardsExhausted;
    public long openedPassive;
    public long closed;
    public long resetsSent;
    public long resetsReceived;
    public long retransmitsTimeout;
    public long retransmitsFast;
    /**
     * Recoveries begun before three segments' worth was SACKed (RACK's time rule, or RFC 5827's reduced
     * threshold when few segments are out), or on fewer than three duplicates without SACK.
     */
    public long retransmitsEarly;
    /** Retransmissions RACK found lost (data sent after them was delivered), sent again without a timeout. */
    public long lostRetransmits;
    /** Reductions undone: every retransmission shown unnecessary by DSACK, Eifel or F-RTO. */
    public long retransmitsUndone;
    /** Retransmission timeouts F-RTO showed spurious (counted in {@link #retransmitsUndone} too). */
    public long spuriousTimeouts;
    /** DSACK blocks received (RFC 2883): a segment of ours arrived twice. */
    public long dsacksReceived;
    /** DSACK blocks sent: a segment arrived that had been received already. */
    public long dsacksSent;
    /** RACK's reorder timer fired: segments waited out their reordering window. */
    public long reorderTimeouts;
    /** Tail loss probes sent (RFC 8985 section 7). */
    public long tailLossProbes;
    /** Slow starts ended by hybrid slow start ({@link HybridSlowStart}): by an ACK train, by a delay increase. */
    public long hystartTrainExits;
    public long hystartDelayExits;
    public long outOfOrderSegments;
    public long synCookiesSent;
    public long synCookiesValidated;
    public long synCookiesFailed;
    public long challengeAcksSent;
    public long challengeAcksSuppressed;
    /**
     * Path MTU messages (ICMP fragmentation needed, ICMPv6 Packet Too Big) that passed the checks; each lowered its
     * connection's MSS unless an earlier one had lowered it as far already.
     */
    public long pmtuAccepted;
    /** Path MTU messages ignored: no such connection, a quoted sequence outside SND.UNA..SND.NXT, an MTU too small. */
    public long pmtuRejected;
    public long tableFull;
    public long timeWaitRecycled;
    public long badSegments;
    public long segmentsReceived;
    /** Of {@link #segmentsReceived}, those that came over IPv6. */
    public long segmentsReceived6;
    public long segmentsSent;
    public long outputDrops;
    public long poolEmpty;
    /** Segments a builder cut to its buffer's data room: should stay 0; anything else is a bug caught in time. */
    public long segmentsCut;
    /** Packets longer than one MSS handed to the port to cut (TSO). */
    public long tsoPackets;
    /** The segments the port cuts those packets into, all together. */
    public long tsoSegments;
    /** Connections closed because they stayed in FIN-WAIT-2 longer than the FIN timeout. */
    public long finWait2Timeouts;
    /** Connections aborted because the peer's window stayed shut longer than the zero-window timeout. */
    public long zeroWindowTimeouts;
    /** SYNs (and cookie ACKs) refused because their source already held its share of the table. */
    public long perSourceRefused;
    /** Out-of-order segments given up, oldest first, to keep the core's budget of held mbufs. */
    public long outOfOrderPruned;

    /**
     * ACKs that did not grow cwnd because the flight was not using it (RFC 7661): the peer's receive window or the
     * application, not the path, set the pace.
     */
    public long windowNotInUse;

    public void forEach(CounterVisitor visitor) {
        for (int s = 0; s < TcpState.COUNT; s++) {
            visitor.gauge(STATE_NAMES[s], connectionsByState[s]);
        }
        visitor.counter("tcp.opened.active", openedActive);
        visitor.counter("tcp.opened.passive", openedPassive);
        visitor.counter("tcp.closed", closed);
        visitor.counter("tcp.resets.sent", resetsSent);
        visitor.counter("tcp.resets.received", resetsReceived);
        visitor.counter("tcp.retransmits.timeout", retransmitsTimeout);
        visitor.counter("tcp.retransmits.fast", retransmitsFast);
        visitor.counter("tcp.retransmits.early", retransmitsEarly);
        visitor.counter("tcp.retransmits.lost_retransmission", lostRetransmits);
        visitor.counter("tcp.retransmits.tail_loss_probe", tailLossProbes);
        visitor.counter("tcp.retransmits.undone", retransmitsUndone);
        visitor.counter("tcp.timeouts.spurious", spuriousTimeouts);
        visitor.counter("tcp.dsack.received", dsacksReceived);
        visitor.counter("tcp.dsack.sent", dsacksSent);
        visitor.counter("tcp.rack.reorder_timeouts", reorderTimeouts);
        visitor.counter("tcp.hystart.train_exits", hystartTrainExits);
        visitor.counter("tcp.hystart.delay_exits", hystartDelayExits);
        visitor.counter("tcp.segments.out_of_order", outOfOrderSegments);
        visitor.counter("tcp.syn_cookies.sent", synCookiesSent);
        visitor.counter("tcp.syn_cookies.validated", synCookiesValidated);
        visitor.counter("tcp.syn_cookies.failed", synCookiesFailed);
        visitor.counter("tcp.challenge_acks.sent", challengeAcksSent);
        visitor.counter("tcp.challenge_acks.suppressed", challengeAcksSuppressed);
        visitor.counter("tcp.pmtu.accepted", pmtuAccepted);
        visitor.counter("tcp.pmtu.rejected", pmtuRejected);
        visitor.counter("tcp.drop.table_full", tableFull);
        visitor.counter("tcp.time_wait_recycled", timeWaitRecycled);
        visitor.counter("tcp.drop.bad_segment", badSegments);
        visitor.counter("tcp.segments.received", segmentsReceived);
        visitor.counter("tcp.segments.received_ipv6", segmentsReceived6);
        visitor.counter("tcp.segments.sent", segmentsSent);
        visitor.counter("tcp.drop.output", outputDrops);
        visitor.counter("tcp.drop.pool_empty", poolEmpty);
        visitor.counter("tcp.segments.cut_to_buffer", segmentsCut);
        visitor.counter("tcp.tso.packets", tsoPackets);
        visitor.counter("tcp.tso.segments", tsoSegments);
        visitor.counter("tcp.timeouts.fin_wait_2", finWait2Timeouts);
        visitor.counter("tcp.timeouts.zero_window", zeroWindowTimeouts);
        visitor.counter("tcp.drop.per_source_limit", perSourceRefused);
        visitor.counter("tcp.out_of_order.pruned", outOfOrderPruned);
        visitor.counter("tcp.cwnd.not_in_use", windowNotInUse);
        visitor.counter("tcp.sent_records.exhausted", sentRecordsExhausted);
        visitor.counter("tcp.out_of_order.no_queue", outOfOrderNoQueue);
        visitor.counter("tcp.send_queues.exhausted", sendQueuesExhausted);
        visitor.counter("tcp.send_buffers.exhausted", sendBuffersExhausted);
        visitor.counter("tcp.sack_scoreboards.exhausted", sackScoreboardsExhausted);
    }

    private static String[] stateNames() {
        String[] names = new String[TcpState.COUNT];
        for (int s = 0; s < names.length; s++) {
            names[s] = "tcp.connections." + TcpState.name(s);
        }
        return names;
    }
}
