package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A small flight whose every segment arrived, and the ACKs for it lost: the sender hears nothing, and only a
 * tail loss probe can draw another ACK before the 200 ms timer. A receiver that takes the flight in one pass
 * sends one ACK for it, so at steady loss this silence is common, and one probe in ten meets a loss of its
 * own (the probe, or its answer). A second probe, a probe time after the first and still before the timer,
 * draws the ACK then: no timeout, no window cut to one segment for data the peer holds.
 */
@Timeout(60)
class TcpLostAckProbeTest extends DelayedPathFixture {

    private byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private long sendUntilAcknowledged(byte[] data, long boundMillis) {
        assertTrue(stream.sendReference(pair.bytes(data), data.length));
        long took = path.runUntil(() -> conn.sndUna == conn.sndMax, boundMillis);
        assertEquals(conn.sndMax, conn.sndUna, "acknowledged within " + boundMillis + " ms: " + conn);
        return took;
    }

    private long probes() {
        return pair.client.counters().tailLossProbes;
    }

    /** Four segments, all delivered; every ACK for them lost, and the one the probe draws lost too. */
    @Test
    void whenTheProbesAnswerIsLostASecondProbeDrawsTheAck() {
        open(TcpRackTest.rack(), 21);
        int mss = conn.sndMss;
        long cwnd = conn.cwnd;
        int before = received();
        boolean[] answerLost = {false};
        path.drop = s -> s.source() == TcpPair.SERVER_IP
            && (probes() == 0 || probes() == 1 && !answerLost[0] && (answerLost[0] = true));
        long took = sendUntilAcknowledged(random(4 * mss, 22), 400);
        assertTrue(answerLost[0], "the first probe's answer was lost");
        assertEquals(4 * mss, received() - before);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(2, probes());
        assertTrue(took < 100, "two probe times, not the 200 ms timer: " + took + " ms");
        assertEquals(cwnd, conn.cwnd, "nothing was lost, so the window stays");
    }

    /** The same silence, and the first probe itself lost on the way: the second one is what arrives. */
    @Test
    void whenTheProbeIsLostASecondProbeDrawsTheAck() {
        open(TcpRackTest.rack(), 23);
        int mss = conn.sndMss;
        boolean[] probeLost = {false};
        path.drop = s -> s.source() == TcpPair.SERVER_IP && probes() == 0
            || s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && probes() == 1 && !probeLost[0]
            && (probeLost[0] = true);
        long took = sendUntilAcknowledged(random(4 * mss, 24), 400);
        assertTrue(probeLost[0], "the first probe was lost");
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(2, probes());
        assertTrue(took < 100, took + " ms");
    }

    /**
     * A probe armed while one segment was out waits a delayed ACK's allowance besides its two round trips, which
     * puts it at the timer's 200 ms; four more segments sent before any ACK restart it at two round trips after
     * them. Every ACK of the flight lost: the probe draws one well before the timer.
     */
    @Test
    void newDataSentAfterASingleSegmentBringsTheProbeBackToTwoRoundTrips() {
        open(TcpRackTest.rack(), 27);
        int mss = conn.sndMss;
        path.drop = s -> s.source() == TcpPair.SERVER_IP && probes() == 0;
        int before = received();
        assertTrue(stream.sendReference(pair.bytes(random(mss, 28)), mss));
        assertTrue(stream.sendReference(pair.bytes(random(4 * mss, 29)), 4 * mss));
        assertEquals(5 * mss, conn.sndMax - conn.sndUna, "the five segments went out at once");
        long took = path.runUntil(() -> conn.sndUna == conn.sndMax, 400);
        assertEquals(conn.sndMax, conn.sndUna, "acknowledged within 400 ms: " + conn);
        assertEquals(5 * mss, received() - before);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(1, probes());
        assertTrue(took < 100, "two round trips and the probe's, not the 200 ms timer: " + took + " ms");
    }

    /** A peer that answers nothing: two probes, then the timer and its backoff, as before. */
    @Test
    void aSilentPeerGetsTwoProbesThenTheTimer() {
        open(TcpRackTest.rack(), 25);
        int mss = conn.sndMss;
        path.drop = s -> s.source() == TcpPair.SERVER_IP;
        assertTrue(stream.sendReference(pair.bytes(random(4 * mss, 26)), 4 * mss));
        path.runUntil(() -> pair.client.counters().retransmitsTimeout == 2, 2_000);
        assertEquals(2, pair.client.counters().retransmitsTimeout);
        assertEquals(2, probes(), "no probe after a timeout until new data is acknowledged");
    }
}
