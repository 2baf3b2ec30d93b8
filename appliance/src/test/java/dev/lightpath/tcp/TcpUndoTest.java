package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reductions that were not needed, found and undone: a duplicate reported by DSACK (RFC 2883) on the receiving
 * side, and a retransmission timeout that F-RTO (RFC 5682) shows spurious on the sending side.
 */
@Timeout(60)
class TcpUndoTest extends DelayedPathFixture {

    @Test
    void aSegmentReceivedTwiceIsReportedInTheFirstSackBlock() {
        pair = new TcpPair(TcpPair.config(), 1);
        pair.server.listen(PORT, serverApp, 16);
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
        pair.link.deliver();
        Connection s = (Connection) serverApp.opened.get(0);
        int base = s.rcvNxt;
        TcpSackTest.inject(pair, c.localPort(), base, s.sndNxt, 100);
        pair.link.dropAll();
        TcpSackTest.inject(pair, c.localPort(), base + 300, s.sndNxt, 100);
        pair.link.dropAll();
        // The first 100 bytes again: all below RCV.NXT.
        TcpSackTest.inject(pair, c.localPort(), base, s.sndNxt, 100);
        assertEquals(1, pair.link.queue.size());
        TestLink.Segment ack = pair.link.queue.get(0);
        assertEquals(base + 100, TcpHeader.acknowledgment(Mbuf.data(ack.mbuf())));
        assertEquals(List.of(TcpSackTest.b(0, 100), TcpSackTest.b(300, 400)), TcpSackTest.blocks(ack, base),
            "the duplicate first (RFC 2883), then the out-of-order data");
        assertEquals(1, pair.server.counters().dsacksSent);
        pair.link.dropAll();
        // Reported once: the next ACK carries the SACK block alone.
        TcpSackTest.inject(pair, c.localPort(), base + 500, s.sndNxt, 100);
        assertEquals(List.of(TcpSackTest.b(500, 600), TcpSackTest.b(300, 400)),
            TcpSackTest.blocks(pair.link.queue.get(0), base));
        pair.link.dropAll();
        s.abort();
        pair.link.dropAll();
    }

    /**
     * A delay spike on the return path: the ACKs of a flight come 300 ms late, after the retransmission timer
     * has resent the head. The first late ACK covers data that was sent once, before the timeout: the flight
     * was delayed, not lost. With F-RTO nothing more is resent and the window comes back; without it, the
     * timeout's go-back resends what the late ACKs are about to acknowledge.
     *
     * @return segments the client sent from the timeout on
     */
    long delaySpike(boolean frto) {
        return delaySpike(frto, TcpPair.config());
    }

    long delaySpike(boolean frto, TcpConfig config) {
        config.timestamps = false;
        config.frto = frto;
        // The receiver acknowledges every other segment, so that the first late ACK covers a segment sent once.
        // Acknowledged one by one (quick ACKs), the first late ACK covers the resent head alone, and with no new
        // data to send F-RTO falls back to the go-back, as Linux's does.
        config.quickAcks = 0;
        open(config, 3);
        boolean[] spike = {true};
        path.extraDelay = s -> s.source() == TcpPair.SERVER_IP && spike[0] ? 300_000_000L : 0;
        byte[] data = new byte[10 * conn.sndMss];
        new Random(4).nextBytes(data);
        int before = received();
        int cwndBefore = conn.cwnd;
        assertTrue(conn.sendReference(pair.bytes(data), data.length));
        path.runUntil(() -> pair.client.counters().retransmitsTimeout > 0, 1_000);
        long sentAtTimeout = pair.client.counters().segmentsSent;
        path.run(250);
        spike[0] = false;
        path.runUntil(() -> conn.sndUna == conn.sndMax && received() == before + data.length, 2_000);
        path.run(100);
        assertEquals(before + data.length, received());
        assertEquals(1, pair.client.counters().retransmitsTimeout);
        if (frto) {
            assertEquals(1, pair.client.counters().spuriousTimeouts);
            assertEquals(1, pair.client.counters().retransmitsUndone);
            assertTrue(conn.cwnd >= cwndBefore, "window restored: " + conn.cwnd + " < " + cwndBefore);
        }
        return pair.client.counters().segmentsSent - sentAtTimeout;
    }

    @Test
    void aSpuriousTimeoutIsUndoneByFrto() {
        assertEquals(0, delaySpike(true), "nothing resent after the head");
    }

    /**
     * A timeout that F-RTO shows spurious is a delay, not a reordering: the next loss, once DupThresh segments
     * after it are SACKed, is resent at that ACK, not a reordering window (a quarter of the minimum RTT, 2.5 ms
     * here) later by the reorder timer.
     */
    @Test
    void aSpuriousTimeoutIsNotTakenForReordering() {
        delaySpike(true, TcpRackTest.rack());
        assertFalse(conn.reorderingSeen, "a delay is not a reordering");
        long reorderTimeouts = pair.client.counters().reorderTimeouts;
        long fast = pair.client.counters().retransmitsFast;
        int mss = conn.sndMss;
        int lose = conn.sndNxt + 2 * mss;
        boolean[] lost = {false};
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && s.sequence() == lose && !lost[0]
            && (lost[0] = true);
        byte[] data = new byte[10 * mss];
        new Random(5).nextBytes(data);
        assertTrue(conn.sendReference(pair.bytes(data), data.length));
        path.runUntil(() -> conn.sndUna == conn.sndMax, 300);
        assertEquals(conn.sndMax, conn.sndUna);
        assertEquals(fast + 1, pair.client.counters().retransmitsFast);
        assertEquals(reorderTimeouts, pair.client.counters().reorderTimeouts, "found at the ACK, not by the timer");
    }

    @Test
    void withoutFrtoASpuriousTimeoutResendsTheFlight() {
        assertTrue(delaySpike(false) >= 2, "the go-back resends data the late ACKs then acknowledge");
    }
}
