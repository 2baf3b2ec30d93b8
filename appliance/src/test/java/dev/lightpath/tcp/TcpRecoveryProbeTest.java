package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What is left when recovery has resent its holes and nothing else is in flight: the last retransmission, or
 * the one ACK the receiver sends when it fills its gap, lost. No later segment is there to be SACKed, so RACK
 * sees nothing, and PRR releases nothing without an ACK. On a 10 ms path the retransmission timer would take
 * 200 ms and cut the window to one segment; the probe, two round trips after the last ACK, resends the head
 * and draws the answer. And outside recovery, with a single segment out, the probe is due when the timer
 * would be: it goes in the timeout's place.
 */
@Timeout(60)
class TcpRecoveryProbeTest extends DelayedPathFixture {

    private byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Sends {@code data} and runs until all of it is acknowledged; returns the milliseconds that took. */
    private long sendUntilAcknowledged(byte[] data, long boundMillis) {
        assertTrue(stream.sendReference(pair.bytes(data), data.length));
        long took = path.runUntil(() -> conn.sndUna == conn.sndMax, boundMillis);
        assertEquals(conn.sndMax, conn.sndUna, "acknowledged within " + boundMillis + " ms: " + conn);
        return took;
    }

    /**
     * Ten segments, the third lost; the other seven after it SACKed. Its retransmission fills the receiver's gap,
     * and the ACK it draws for all ten is lost.
     */
    @Test
    void theLostAckOfTheLastRetransmissionIsDrawnAgainByAProbe() {
        open(TcpRackTest.rack(), 11);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        int end = base + 10 * mss;
        boolean[] lost = {false, false};
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && s.sequence() == base + 2 * mss
            && !lost[0] && (lost[0] = true)
            || s.source() == TcpPair.SERVER_IP && s.acknowledgment() == end && !lost[1] && (lost[1] = true);
        long took = sendUntilAcknowledged(random(10 * mss, 12), 150);
        assertTrue(lost[0] && lost[1]);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(1, pair.client.counters().tailLossProbes);
        assertTrue(took < 80, "a probe two round trips after the last ACK, not the 200 ms timer: " + took + " ms");
        assertTrue(conn.cwnd >= 4 * mss, "the window recovery left, not the one segment of a timeout: "
            + conn.cwnd / mss + " segments");
    }

    /** The same flight, the third segment's retransmission lost too: nothing sent after it reveals it. */
    @Test
    void aLostLastRetransmissionIsRepairedByAProbe() {
        open(TcpRackTest.rack(), 13);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        int[] lost = {0};
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && s.sequence() == base + 2 * mss
            && lost[0]++ < 2;
        long took = sendUntilAcknowledged(random(10 * mss, 14), 150);
        assertEquals(3, lost[0], "sent three times");
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(1, pair.client.counters().tailLossProbes);
        assertTrue(took < 80, took + " ms");
    }

    /**
     * One segment out, lost. Two round trips and a delayed ACK's allowance reach past the retransmission timer,
     * so the probe is due when the timer is, and goes instead: no timeout, no backoff.
     */
    @Test
    void withASingleSegmentOutTheProbeGoesInTheTimeoutsPlace() {
        open(TcpRackTest.rack(), 15);
        int base = conn.sndNxt;
        boolean[] lost = {false};
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && s.sequence() == base && !lost[0]
            && (lost[0] = true);
        long rto = conn.rto;
        long took = sendUntilAcknowledged(random(500, 16), 400);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "done in " + took + " ms");
        assertEquals(1, pair.client.counters().tailLossProbes);
        assertEquals(rto, conn.rto, "no backoff");
        assertTrue(conn.cwnd > conn.sndMss, "the window a timeout would have cut: " + conn.cwnd);
    }
}
