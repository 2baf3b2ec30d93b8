package dev.lightpath.tcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hybrid slow start under CUBIC, driven on a connection slot with times from the simulated clock: rounds of ACKs
 * each acknowledging two segments, as a receiver with delayed ACKs sends them, with the spacing and RTTs of the
 * path each case is about. Slow start must end where the path is full (a train of ACKs half a minimum RTT long,
 * or RTTs risen by RFC 9406's threshold) and nowhere else.
 */
class HybridSlowStartTest {
    static final int MSS = 1448;

    final TcpPair pair = new TcpPair(TcpPair.config(), 1);
    final TcpCounters counters = new TcpCounters();
    final Cubic cubic = new Cubic(new HybridSlowStart(counters));

    @AfterEach
    void close() {
        pair.close();
    }

    /** A slot with CUBIC's initial window and a path whose minimum RTT RACK has measured. */
    Connection connection(long minRttNanos) {
        Connection c = (Connection) pair.client.stream(0);
        c.sndMss = MSS;
        cubic.onOpen(c);
        c.minRtt = minRttNanos;
        c.sndUna = 0;
        c.sndMax = c.cwnd;
        return c;
    }

    long now() {
        return pair.clock.nanos();
    }

    void advance(long nanos) {
        pair.clock.advance(nanos, TimeUnit.NANOSECONDS);
    }

    /** One ACK of two segments, {@code spacing} after the previous one, its RTT sample {@code rtt}; the sender
     * fills the window again at once. */
    void ack(Connection c, long spacing, long rtt) {
        advance(spacing);
        c.sndUna += 2 * MSS;
        c.rackValid = true;
        c.rackRtt = rtt;
        cubic.onAck(c, 2 * MSS, now());
        c.sndMax = c.sndUna + c.cwnd;
    }

    boolean inSlowStart(Connection c) {
        return c.cwnd < c.ssthresh;
    }

    @Test
    void aTrainOfAcksHalfTheMinimumRttLongEndsSlowStartAtTheWindow() {
        long minRtt = 100_000;
        Connection c = connection(minRtt);
        // ACKs 5 us apart: the bottleneck passes two segments in 5 us. Below 16 segments nothing is measured.
        int acks = 0;
        while (inSlowStart(c) && acks < 10_000) {
            ack(c, 5_000, minRtt);
            acks++;
        }
        assertFalse(inSlowStart(c), "slow start never ended");
        assertEquals(1, counters.hystartTrainExits);
        assertEquals(0, counters.hystartDelayExits);
        assertEquals(c.cwnd, c.ssthresh, "the threshold is the window where the path was found full");
        // The train began with the round's first ACK at 16 segments; half the minimum RTT (50 us) later, eleven
        // more ACKs of two segments each had grown the window by 22 segments: 16 + 6 before the round + 22.
        int segments = c.cwnd / MSS;
        assertTrue(segments >= 16 + 22 && segments <= 64, "exit at " + segments + " segments");
        // Far below where slow start without it would run on to: every ACK here would double the window per RTT.
        int atExit = c.cwnd;
        for (int i = 0; i < 100; i++) {
            ack(c, 5_000, minRtt);
        }
        assertTrue(c.cwnd < atExit + 20 * MSS, "congestion avoidance after the exit, not slow start: " + c.cwnd);
    }

    @Test
    void acksThatComeMoreThanTwoMillisecondsApartAreNoTrain() {
        long minRtt = 100_000;
        Connection c = connection(minRtt);
        for (int i = 0; i < 200; i++) {
            ack(c, 3_000_000, minRtt);
        }
        assertTrue(inSlowStart(c), "a sender that pauses between ACKs has shown nothing about the path");
        assertEquals(0, counters.hystartTrainExits + counters.hystartDelayExits);
        assertEquals(10 * MSS + 200 * 2 * MSS, c.cwnd, "slow start's growth, two segments per ACK");
    }

    @Test
    void rttsRisenByTheThresholdEndSlowStart() {
        long minRtt = 20_000_000;
        long threshold = HybridSlowStart.delayIncrease(minRtt);
        assertEquals(4_000_000, threshold, "an eighth of 20 ms is below RFC 9406's 4 ms floor");
        Connection c = connection(minRtt);
        // 3 ms apart, so no train; RTTs a little under the threshold never end slow start.
        for (int i = 0; i < 40; i++) {
            ack(c, 3_000_000, minRtt + threshold - 100_000);
        }
        assertTrue(inSlowStart(c));
        int before = c.cwnd;
        // A queue builds: from here every RTT is at the threshold. The first round that begins now has its
        // first eight samples there: within two rounds (the window's ACKs twice over) slow start is over.
        int acks = 0;
        while (inSlowStart(c) && acks < 2 * before / MSS) {
            ack(c, 3_000_000, minRtt + threshold);
            acks++;
        }
        assertFalse(inSlowStart(c), "the delay increase ends slow start");
        assertEquals(1, counters.hystartDelayExits);
        assertEquals(0, counters.hystartTrainExits);
        assertEquals(c.cwnd, c.ssthresh);
    }

    @Test
    void oneLowSampleAmongTheRoundsFirstEightIsNoQueue() {
        long minRtt = 20_000_000;
        long threshold = HybridSlowStart.delayIncrease(minRtt);
        Connection c = connection(minRtt);
        // Every fourth RTT at the minimum, the rest far above it: any eight in a row hold one that shows no queue
        // (jitter, not a standing queue).
        for (int i = 0; i < 300; i++) {
            ack(c, 3_000_000, i % 4 == 3 ? minRtt : minRtt + 2 * threshold);
        }
        assertTrue(inSlowStart(c), "exits: " + counters.hystartDelayExits);
    }

    @Test
    void belowSixteenSegmentsSlowStartAlwaysGoesOn() {
        long minRtt = 100_000;
        Connection c = connection(minRtt);
        // The initial window's ACKs, 20 us apart: a train far longer than 50 us, at 10 to 15 segments.
        for (int i = 0; i < 2; i++) {
            ack(c, 20_000, minRtt);
        }
        assertTrue(c.cwnd < HybridSlowStart.LOW_WINDOW * MSS);
        assertTrue(inSlowStart(c));
        assertEquals(0, counters.hystartTrainExits);
    }

    @Test
    void withoutRacksRttsSlowStartEndsOnlyAtALoss() {
        Connection c = connection(Long.MAX_VALUE);
        for (int i = 0; i < 200; i++) {
            ack(c, 5_000, 100_000);
        }
        assertTrue(inSlowStart(c), "no minimum RTT (no SACK): nothing to compare with");
        assertEquals(0, counters.hystartTrainExits + counters.hystartDelayExits);
    }

    @Test
    void offInTheConfigurationSlowStartRunsOn() {
        TcpConfig config = new TcpConfig();
        config.hystart = false;
        CongestionControl plain = CongestionAlgorithm.CUBIC.create(config, counters);
        Connection c = (Connection) pair.client.stream(0);
        c.sndMss = MSS;
        plain.onOpen(c);
        c.minRtt = 100_000;
        for (int i = 0; i < 200; i++) {
            advance(5_000);
            c.sndUna += 2 * MSS;
            plain.onAck(c, 2 * MSS, now());
        }
        assertEquals(Integer.MAX_VALUE, c.ssthresh);
        assertEquals(0, counters.hystartTrainExits);
        assertTrue(new TcpConfig().hystart, "on by default");
    }

    @Test
    void aTimeoutStartsTheRoundsAfresh() {
        long minRtt = 100_000;
        Connection c = connection(minRtt);
        for (int i = 0; i < 1_000 && inSlowStart(c); i++) {
            ack(c, 5_000, minRtt);
        }
        assertFalse(inSlowStart(c));
        cubic.onTimeout(c);
        assertFalse(c.hystartRoundStarted, "the round of the flight before the timeout is forgotten");
        assertEquals(MSS, c.cwnd);
    }
}
