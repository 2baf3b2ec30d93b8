package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** RFC 6937's arithmetic on one connection's fields, ACK by ACK. */
class PrrTest {
    static final int MSS = 1448;

    Connection recovering(int flightSegments, int ssthresh) {
        Connection c = new Connection(null, 0);
        c.sndMss = MSS;
        c.sndUna = 1000;
        c.sndMax = 1000 + flightSegments * MSS;
        c.ssthresh = ssthresh;
        Prr.begin(c);
        return c;
    }

    /** RFC 6937's example: ssthresh half the flight, so one segment for every second segment delivered. */
    @Test
    void aboveSsthreshOneSegmentGoesForEveryTwoDelivered() {
        Connection c = recovering(20, 10 * MSS);
        int pipe = 19 * MSS;
        int sent = 0;
        for (int ack = 1; ack <= 10; ack++) {
            pipe -= MSS;
            Prr.ack(c, MSS, pipe);
            int n = (c.cwnd - pipe) / MSS;
            c.prrOut += n * MSS;
            pipe += n * MSS;
            sent += n;
            assertTrue(n <= 1, "no burst at ACK " + ack);
        }
        assertEquals(5, sent);
    }

    /** The fast retransmission goes on the first ACK, whatever the proportion says. */
    @Test
    void theFirstRetransmissionAlwaysGoes() {
        Connection c = recovering(20, 10 * MSS);
        Prr.ack(c, 0, 19 * MSS);
        assertEquals(20 * MSS, c.cwnd);
    }

    /**
     * Below ssthresh a segment more than was delivered may go, up to ssthresh; ssthresh in bytes is rarely a
     * whole number of segments, and the fraction left must still let a segment out, or with two segments in
     * flight and both lost no ACK comes to send the next.
     */
    @Test
    void belowSsthreshTheRoomIsRoundedUpToASegment() {
        Connection c = recovering(5, 4054);
        Prr.ack(c, MSS, 2 * MSS);
        assertEquals(3 * MSS, c.cwnd, "one segment beyond the pipe, though ssthresh - pipe is 1158 bytes");
        Prr.ack(c, 2 * MSS, 0);
        assertEquals(3 * MSS, c.cwnd, "never more than ssthresh rounded up to a segment");
    }
}
