package dev.lightpath.tcp;

import dev.lightpath.testing.Allocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CUBIC (RFC 9438) against the published behaviour, driven directly on a connection slot with times from the
 * simulated clock: the reduction to 0.7, K, the concave and convex regions, the Reno-friendly region, fast
 * convergence and the timeout; then a whole transfer under loss on a CUBIC stack.
 *
 * <p>Expected windows are computed here from the RFC's equations in segments ({@code C = 0.4},
 * {@code beta = 0.7}). The probes acknowledge a whole window in one ACK: by RFC 9438 4.4 and 4.5 that moves
 * cwnd all the way to the target {@code W_cubic(t + RTT)}, so each probe reads the curve one RTT ahead.
 */
class CubicTest {
    static final int MSS = 1448;
    static final long RTT = 100_000_000L;
    /** Whole bytes and the carried fraction: the window may sit up to 2 bytes from the real-valued curve. */
    static final double BYTES = 2;

    final TcpPair pair = new TcpPair(TcpPair.config(), 1);
    final Cubic cubic = new Cubic();

    @AfterEach
    void close() {
        pair.close();
    }

    /** A slot of the client stack with the window and flight of a connection mid-transfer. */
    Connection connection(long srttNanos) {
        Connection c = (Connection) pair.client.stream(0);
        c.sndMss = MSS;
        c.srtt = srttNanos;
        cubic.onOpen(c);
        return c;
    }

    /** A loss found with {@code segments} in flight and in the window, and the recovery that follows. */
    void lossAt(Connection c, double segments) {
        c.cwnd = (int) (segments * MSS);
        c.sndUna = 0;
        c.sndMax = c.cwnd;
        cubic.onLoss(c);
        cubic.onRecoveryEnd(c);
    }

    long now() {
        return pair.clock.nanos();
    }

    void advance(long nanos) {
        pair.clock.advance(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One ACK for the whole window, now. */
    void ackWindow(Connection c) {
        cubic.onAck(c, c.cwnd, now());
    }

    /** RFC 9438 equation 2 with cwnd_epoch = beta W_max. */
    static double k(double wMaxSegments) {
        return Math.cbrt(wMaxSegments * (1 - 0.7) / 0.4);
    }

    /** RFC 9438 equation 1, in bytes. */
    static double wCubic(double t, double wMaxSegments, double k) {
        return (0.4 * Math.pow(t - k, 3) + wMaxSegments) * MSS;
    }

    double segments(Connection c) {
        return (double) c.cwnd / MSS;
    }

    @Test
    void beforeTheFirstLossTheWindowGrowsByAtLeastFivePercentARoundTrip() {
        // Slow start ended at 100 segments with no loss (hybrid slow start saw the path full).
        Connection c = connection(RTT);
        c.cwnd = 100 * MSS;
        c.ssthresh = c.cwnd;
        for (int round = 0; round < 10; round++) {
            advance(RTT);
            ackWindow(c);
        }
        // The cubic from W_max = 100 would add half a segment in a second, Reno one per RTT: 5% per RTT is more.
        assertEquals(100 * Math.pow(1.05, 10), segments(c), 0.5);

        // After a loss the window follows the curve again: concave, back towards W_max over K seconds.
        lossAt(c, 100);
        for (int round = 0; round < 10; round++) {
            advance(RTT);
            ackWindow(c);
        }
        // The epoch began at the first of those ACKs, 0.9 s before the last, which reads the curve an RTT ahead.
        assertEquals(wCubic(0.9 + RTT * 1e-9, 100, k(100)) / MSS, segments(c), 0.1);
        assertTrue(segments(c) < 100, "below W_max a second after the loss: " + segments(c));
    }

    @Test
    void theWindowAfterALossIsSevenTenthsOfTheFlight() {
        Connection c = connection(RTT);
        lossAt(c, 100);
        assertEquals(70 * MSS, c.ssthresh, "ssthresh = beta * flight");
        assertEquals(70 * MSS, c.cwnd, "recovery ends at ssthresh");
        assertEquals(100.0 * MSS, c.cubicWmax, "W_max: the window when the loss was found");

        // RFC 9438 4.6 takes the flight, not cwnd: a window only partly used is not the path's capacity.
        c.cwnd = 100 * MSS;
        c.sndUna = 0;
        c.sndMax = 80 * MSS;
        cubic.onLoss(c);
        assertEquals(56 * MSS, c.ssthresh);
        // Never below two segments (RFC 9438 4.6: cwnd = max(ssthresh, 2)).
        c.sndMax = MSS;
        cubic.onLoss(c);
        assertEquals(2 * MSS, c.ssthresh);
    }

    @Test
    void slowStartDoublesTheWindowEachRoundTripFromTenSegments() {
        Connection c = connection(RTT);
        assertEquals(10 * MSS, c.cwnd, "RFC 6928 initial window");
        assertEquals(Integer.MAX_VALUE, c.ssthresh);
        for (int round = 0; round < 3; round++) {
            int before = c.cwnd;
            for (int s = 0; s < before / MSS; s++) {
                cubic.onAck(c, MSS, now());
            }
            assertEquals(2 * before, c.cwnd, "round " + round);
            advance(RTT);
        }
    }

    @Test
    void slowStartStillDoublesEachRoundTripWhenEverySecondSegmentIsAcknowledged() {
        Connection c = connection(RTT);
        for (int round = 0; round < 3; round++) {
            int before = c.cwnd;
            for (int s = 0; s < before / MSS / 2; s++) {
                cubic.onAck(c, 2 * MSS, now());
            }
            assertEquals(2 * before, c.cwnd, "round " + round + ": delayed ACKs, RFC 3465's two segments each");
            advance(RTT);
        }
    }

    @Test
    void theWindowIsBackAtWmaxAfterKSeconds() {
        for (double wMax : new double[] {100, 1000, 5000}) {
            Connection c = connection(RTT);
            lossAt(c, wMax);
            long epoch = now();
            cubic.onAck(c, MSS, epoch);
            double k = k(wMax);
            // The target looks one RTT ahead, so the probe one RTT before K lands on W_max.
            advance((long) ((k - 1e-9 * RTT) * 1e9));
            ackWindow(c);
            assertEquals(wMax * MSS, c.cwnd, BYTES, "W_max " + wMax + ", K " + k + " s");
            c.reset();
        }
    }

    @Test
    void concaveBelowWmaxTheGrowthSlowsAsKNears() {
        double wMax = 1000;
        double k = k(wMax);
        Connection c = connection(RTT);
        lossAt(c, wMax);
        long epoch = now();
        cubic.onAck(c, MSS, epoch);
        double previousGrowth = Double.MAX_VALUE;
        int probes = 0;
        for (double t = 1e-9 * RTT; t + 1e-9 * RTT < k; t += 1e-9 * RTT) {
            advance(epoch + (long) (t * 1e9) - now());
            int before = c.cwnd;
            ackWindow(c);
            assertEquals(wCubic(t + 1e-9 * RTT, wMax, k), c.cwnd, BYTES, "t = " + t);
            assertTrue(c.cwnd < wMax * MSS, "below W_max before K");
            int growth = c.cwnd - before;
            assertTrue(growth > 0 && growth < previousGrowth, "t = " + t + ": grew " + growth + " after "
                + previousGrowth);
            previousGrowth = growth;
            probes++;
        }
        assertTrue(probes > 80, "K = " + k + " s is over 90 round trips");
        assertTrue(c.cwnd > 0.999 * wMax * MSS, "the plateau: " + segments(c));
    }

    @Test
    void convexBeyondKTheGrowthSpeedsUp() {
        double wMax = 1000;
        double k = k(wMax);
        Connection c = connection(RTT);
        lossAt(c, wMax);
        long epoch = now();
        cubic.onAck(c, MSS, epoch);
        double previousGrowth = 0;
        int probes = 0;
        for (double t = 1e-9 * RTT; t < k + 3; t += 1e-9 * RTT) {
            advance(epoch + (long) (t * 1e9) - now());
            int before = c.cwnd;
            ackWindow(c);
            if (t < k) {
                continue;
            }
            assertEquals(wCubic(t + 1e-9 * RTT, wMax, k), c.cwnd, BYTES, "t = " + t);
            assertTrue(c.cwnd > wMax * MSS, "above W_max after K");
            int growth = c.cwnd - before;
            if (probes > 0) {
                assertTrue(growth > previousGrowth, "t = " + t + ": grew " + growth + " after " + previousGrowth);
            }
            previousGrowth = growth;
            probes++;
        }
        assertTrue(probes >= 29, "three seconds past K");
        assertEquals(1000 + 0.4 * 27, segments(c), 0.5, "C = 0.4: 10.8 segments above W_max 3 s past K");
    }

    @Test
    void renoFriendlyRegionTakesOverWithASmallWindowAndAShortRtt() {
        long rtt = 10_000_000L;
        double wMax = 20;
        double k = k(wMax);
        double alpha = 3 * (1 - 0.7) / (1 + 0.7);
        Connection c = connection(rtt);
        lossAt(c, wMax);
        long epoch = now();
        double west = 14;
        for (int round = 0; round < 40; round++) {
            double t = (now() - epoch) * 1e-9;
            // W_est grows by alpha_cubic per window until it is back at cwnd_prior (20 segments), then by 1.
            west += west < wMax ? alpha : 1;
            ackWindow(c);
            assertEquals(west * MSS, c.cwnd, BYTES, "round " + round);
            assertTrue(wCubic(t, wMax, k) < c.cwnd, "the cubic alone would be lower: round " + round);
            advance(rtt);
        }
        assertEquals(14 + 12 * alpha + 28, segments(c), 0.01, "twelve rounds at alpha_cubic, then Reno's pace");
    }

    @Test
    void fastConvergenceLowersWmaxWhenALossComesBeforeItIsReachedAgain() {
        Connection c = connection(RTT);
        lossAt(c, 100);
        assertEquals(100.0 * MSS, c.cubicWmax);
        // The window had climbed only to 90 segments when the next loss came: another flow has taken a share.
        lossAt(c, 90);
        assertEquals(90 * (1 + 0.7) / 2 * MSS, c.cubicWmax, 1, "W_max = cwnd (1 + beta) / 2");
        assertEquals(63 * MSS, c.ssthresh, "the reduction itself is still beta * flight");
        // The curve now plateaus at 76.5 segments, not 90: K from cwnd_epoch 63 to W_max 76.5.
        long epoch = now();
        cubic.onAck(c, MSS, epoch);
        double k = Math.cbrt((76.5 - 63) / 0.4);
        advance((long) ((k - 1e-9 * RTT) * 1e9));
        ackWindow(c);
        assertEquals(76.5 * MSS, c.cwnd, BYTES);

        // A loss at or above W_max takes the window as it is.
        lossAt(c, 110);
        assertEquals(110.0 * MSS, c.cubicWmax);
    }

    @Test
    void aTimeoutLeavesOneSegmentThenSlowStartThenACubicCentredWhereAvoidanceBegins() {
        Connection c = connection(RTT);
        lossAt(c, 100);
        c.sndMax = 70 * MSS;
        cubic.onTimeout(c);
        assertEquals(MSS, c.cwnd, "RFC 5681 loss window");
        assertEquals(49 * MSS, c.ssthresh, "beta * flight, as for a loss");

        for (int s = 1; s < 49; s++) {
            cubic.onAck(c, MSS, now());
            assertEquals((s + 1) * MSS, c.cwnd, "slow start");
        }
        advance(RTT);
        long epoch = now();
        cubic.onAck(c, MSS, epoch);
        assertEquals(0, c.cubicK, "K = 0 in the first avoidance after a timeout");
        assertEquals(49.0 * MSS, c.cubicWmax, "W_max: the window where avoidance began");
        // Had W_max stayed at 100 segments, the first round would jump toward it (to about 55 segments).
        advance(RTT);
        ackWindow(c);
        assertTrue(segments(c) < 50, "convex from the start: " + segments(c));
        for (double t = 0.2; t < 6.05; t += 0.1) {
            advance(epoch + (long) (t * 1e9) - now());
            ackWindow(c);
        }
        assertEquals(wCubic(6.1, 49, 0), c.cwnd, BYTES, "6 s in: 49 + 0.4 * 6.1^3 segments");
    }

    @Test
    void anAckAllocatesNothing() {
        Connection c = connection(RTT);
        long[] time = {now()};
        Runnable epochs = () -> {
            for (int epoch = 0; epoch < 200; epoch++) {
                lossAt(c, 50 + epoch % 100);
                for (int ack = 0; ack < 200; ack++) {
                    time[0] += RTT / 20;
                    cubic.onAck(c, 2 * MSS, time[0]);
                }
            }
        };
        assertEquals(0, Allocations.fewestBytes(3, epochs), "bytes allocated by 40,000 ACKs");
    }

    @Test
    void aBulkTransferOnCubicCompletesByteExactUnderOnePercentLoss() {
        TcpConfig config = TcpPair.config();
        assertEquals(CongestionAlgorithm.CUBIC, config.congestionControl, "the default");
        try (TcpPair loss = new TcpPair(config, 7)) {
            assertInstanceOf(Cubic.class, loss.client.cc);
            int size = 4_000_000;
            byte[] content = new byte[size];
            new Random(7).nextBytes(content);
            RecordingHandler server = new RecordingHandler();
            server.closeOnPeerClose = true;
            loss.server.listen(80, server, 16);
            loss.link.loss = 0.01;
            BulkSender app = new BulkSender(loss.bytes(content), size, 16_384);
            Connection c = (Connection) loss.client.connect(TcpPair.SERVER_IP, 80, TcpPair.CLIENT_IP, 40000, app);
            double[] highestWmax = new double[1];
            long took = loss.runUntil(() -> {
                highestWmax[0] = Math.max(highestWmax[0], c.cubicWmax);
                return app.closedWith != null && loss.server.activeConnections() == 0;
            }, 120_000);
            assertEquals(StreamHandler.CloseReason.NORMAL, app.closedWith, "after " + took + " ms");
            byte[] got = server.received(server.opened.get(0).slot());
            assertEquals(size, got.length);
            assertTrue(Arrays.equals(content, got), "byte-exact");
            assertTrue(loss.client.counters().retransmitsFast > 0, "losses were recovered");
            assertTrue(highestWmax[0] > 0, "the losses reached CUBIC");
        }
        config.congestionControl = CongestionAlgorithm.NEWRENO;
        try (TcpPair newReno = new TcpPair(config, 7)) {
            assertInstanceOf(NewReno.class, newReno.client.cc);
        }
    }
}
