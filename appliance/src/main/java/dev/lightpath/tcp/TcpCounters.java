package dev.lightpath.tcp;

/** One core's TCP counters: plain fields written by the owning core only, read through {@link #forEach}. */
public final class TcpCounters {
    /** Published by name and value, so another layer can export them without knowing the fields. */
    @FunctionalInterface
    public interface Visitor {
        void counter(String name, long value);
    }

    public final long[] connectionsByState = new long[TcpState.COUNT];
    public long openedActive;
    public long openedPassive;
    public long closed;
    public long resetsSent;
    public long resetsReceived;
    public long retransmitsTimeout;
    public long retransmitsFast;
    public long outOfOrderSegments;
    public long synCookiesSent;
    public long synCookiesValidated;
    public long synCookiesFailed;
    public long challengeAcksSent;
    public long challengeAcksSuppressed;
    public long tableFull;
    public long badSegments;
    public long segmentsReceived;
    public long segmentsSent;
    public long outputDrops;
    public long poolEmpty;

    public void forEach(Visitor visitor) {
        for (int s = 0; s < TcpState.COUNT; s++) {
            visitor.counter("tcp_connections_" + TcpState.name(s), connectionsByState[s]);
        }
        visitor.counter("tcp_opened_active", openedActive);
        visitor.counter("tcp_opened_passive", openedPassive);
        visitor.counter("tcp_closed", closed);
        visitor.counter("tcp_resets_sent", resetsSent);
        visitor.counter("tcp_resets_received", resetsReceived);
        visitor.counter("tcp_retransmits_timeout", retransmitsTimeout);
        visitor.counter("tcp_retransmits_fast", retransmitsFast);
        visitor.counter("tcp_out_of_order_segments", outOfOrderSegments);
        visitor.counter("tcp_syn_cookies_sent", synCookiesSent);
        visitor.counter("tcp_syn_cookies_validated", synCookiesValidated);
        visitor.counter("tcp_syn_cookies_failed", synCookiesFailed);
        visitor.counter("tcp_challenge_acks_sent", challengeAcksSent);
        visitor.counter("tcp_challenge_acks_suppressed", challengeAcksSuppressed);
        visitor.counter("tcp_table_full", tableFull);
        visitor.counter("tcp_bad_segments", badSegments);
        visitor.counter("tcp_segments_received", segmentsReceived);
        visitor.counter("tcp_segments_sent", segmentsSent);
        visitor.counter("tcp_output_drops", outputDrops);
        visitor.counter("tcp_pool_empty", poolEmpty);
    }
}
