package dev.lightpath.tcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Reno's window rules (RFC 5681), driven directly on a connection slot. */
class NewRenoTest {
    static final int MSS = 1448;

    final TcpPair pair = new TcpPair(TcpPair.config(), 1);
    final NewReno reno = new NewReno();

    @AfterEach
    void close() {
        pair.close();
    }

    Connection connection() {
        Connection c = (Connection) pair.client.stream(0);
        c.sndMss = MSS;
        reno.onOpen(c);
        return c;
    }

    @Test
    void slowStartDoublesTheWindowEachRoundTrip() {
        Connection c = connection();
        assertEquals(10 * MSS, c.cwnd);
        for (int round = 0; round < 3; round++) {
            int before = c.cwnd;
            for (int s = 0; s < before / MSS; s++) {
                reno.onAck(c, MSS, 0);
            }
            assertEquals(2 * before, c.cwnd, "round " + round);
        }
        // RFC 3465 2.2 (L = 2 SMSS): an ACK of every second segment, as receivers send them, grows the window by
        // what it covers, so slow start still doubles per round trip; a larger stretch ACK by no more than two.
        int before = c.cwnd;
        reno.onAck(c, 2 * MSS, 0);
        assertEquals(before + 2 * MSS, c.cwnd);
        reno.onAck(c, 5 * MSS, 0);
        assertEquals(before + 4 * MSS, c.cwnd);
    }

    @Test
    void congestionAvoidanceAddsOneSegmentPerRoundTrip() {
        Connection c = connection();
        c.cwnd = c.ssthresh = 20 * MSS;
        for (int s = 0; s < 20; s++) {
            reno.onAck(c, MSS, 0);
        }
        int growth = c.cwnd - 20 * MSS;
        // MSS * MSS / cwnd per ACK: a little under one segment, as cwnd grows within the round.
        assertTrue(growth > 0.95 * MSS && growth <= MSS, "grew " + growth + " bytes in one window");
    }

    @Test
    void aLossHalvesTheFlight() {
        Connection c = connection();
        c.cwnd = 40 * MSS;
        c.sndUna = 1000;
        c.sndMax = 1000 + 30 * MSS;
        reno.onLoss(c);
        assertEquals(15 * MSS, c.ssthresh, "half the flight, not of cwnd");
        reno.onRecoveryEnd(c);
        assertEquals(15 * MSS, c.cwnd);
        c.sndMax = c.sndUna + MSS;
        reno.onLoss(c);
        assertEquals(2 * MSS, c.ssthresh, "never below two segments");
    }

    @Test
    void aTimeoutLeavesOneSegment() {
        Connection c = connection();
        c.cwnd = 40 * MSS;
        c.sndUna = 0;
        c.sndMax = 40 * MSS;
        reno.onTimeout(c);
        assertEquals(MSS, c.cwnd);
        assertEquals(20 * MSS, c.ssthresh);
    }
}
