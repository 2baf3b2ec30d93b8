package dev.lightpath.tcp;

/**
 * Hybrid slow start (HyStart: Ha and Rhee, "Taming the elephants", Computer Networks 2011), as CUBIC runs it in
 * Linux and as RFC 9438 4.10 allows: slow start ends when the window has filled the path, before it overflows a
 * queue, instead of at the first loss. Without it a flow that meets no loss (a clean LAN, a receiver with a large
 * window) doubles its window every round trip for as long as there is data: a 10 MB download left over a thousand
 * segments in flight, the queue in front of the receiver grew to milliseconds, and the receiver's ACKs came in
 * bursts after silences a tail loss probe had to end.
 *
 * <p>Two signs, each checked once per round (a round ends when the data outstanding at its start is
 * acknowledged), only in slow start, from {@link #LOW_WINDOW} segments up:
 * <ul>
 * <li>the ACK train: a round's ACKs arriving back to back (each within {@link #TRAIN_GAP_NANOS} of the one before)
 *     for longer than half the minimum RTT. ACKs come back at the rate the path delivers; a train that long means
 *     the segments sent in one round already take half a round trip to pass the bottleneck, so the window is at
 *     the bandwidth-delay product (it grew by as many segments as were acknowledged meanwhile);</li>
 * <li>the delay: the smallest RTT of a round's first {@link #DELAY_SAMPLES} ACKs above the path's minimum by an
 *     eighth of it, but no less than 4 ms and no more than 16 ms (RFC 9406's bounds): a queue is building.</li>
 * </ul>
 * Either sets the threshold at the window, and congestion avoidance goes on from there. Both need RACK's RTTs
 * in nanoseconds, measured per segment (SACK connections); a connection without them slows down only at a loss,
 * as before. State lives in the {@link Connection}; nothing is allocated per ACK.
 */
final class HybridSlowStart {
    /** Below this window (segments) slow start always goes on, as in Linux: too few ACKs to read a train from. */
    static final int LOW_WINDOW = 16;
    /** ACKs further apart than this end a train: the sender stopped (application- or window-limited). */
    static final long TRAIN_GAP_NANOS = 2_000_000L;
    /** RTT samples at the start of a round whose smallest is compared with the path's minimum. */
    static final int DELAY_SAMPLES = 8;
    /** RFC 9406's MIN_RTT_THRESH and MAX_RTT_THRESH: the delay increase that ends slow start, bounded. */
    static final long MIN_DELAY_INCREASE = 4_000_000L;
    static final long MAX_DELAY_INCREASE = 16_000_000L;

    private final TcpCounters counters;

    HybridSlowStart(TcpCounters counters) {
        this.counters = counters;
    }

    /** A connection (re)enters slow start: the next ACK starts a round. */
    static void reset(Connection c) {
        c.hystartRoundEnd = 0;
        c.hystartRoundStarted = false;
    }

    /**
     * An ACK of new data in slow start, before the window grows: ends slow start when a round's ACK train or its
     * delay shows the path full. SND.UNA is already at the ACK.
     */
    void onAck(Connection c, long now) {
        long minRtt = c.minRtt;
        if (c.cwnd < LOW_WINDOW * c.sndMss || minRtt == Long.MAX_VALUE || minRtt <= 0) {
            return;
        }
        if (!c.hystartRoundStarted || Seq.ge(c.sndUna, c.hystartRoundEnd)) {
            c.hystartRoundStarted = true;
            c.hystartRoundEnd = c.sndMax;
            c.hystartRoundStart = now;
            c.hystartLastAck = now;
            c.hystartRoundMinRtt = Long.MAX_VALUE;
            c.hystartSamples = 0;
            return;
        }
        if (now - c.hystartLastAck <= TRAIN_GAP_NANOS) {
            c.hystartLastAck = now;
            if (now - c.hystartRoundStart > minRtt / 2) {
                exit(c);
                counters.hystartTrainExits++;
                return;
            }
        }
        if (c.hystartSamples < DELAY_SAMPLES && c.rackValid) {
            c.hystartRoundMinRtt = Math.min(c.hystartRoundMinRtt, c.rackRtt);
            if (++c.hystartSamples == DELAY_SAMPLES
                && c.hystartRoundMinRtt >= minRtt + delayIncrease(minRtt)) {
                exit(c);
                counters.hystartDelayExits++;
            }
        }
    }

    /** An eighth of the minimum RTT, within RFC 9406's 4 to 16 ms. */
    static long delayIncrease(long minRtt) {
        return Math.min(MAX_DELAY_INCREASE, Math.max(MIN_DELAY_INCREASE, minRtt / 8));
    }

    private static void exit(Connection c) {
        c.ssthresh = c.cwnd;
        c.hystartRoundStarted = false;
    }
}
