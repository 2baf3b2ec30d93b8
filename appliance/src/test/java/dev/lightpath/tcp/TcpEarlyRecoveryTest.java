package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Losses the duplicate-ACK rule of three cannot see, found without waiting for the retransmission timer: a loss
 * in a window of two or three segments (RFC 5827 early retransmit, RFC 3042 limited transmit), and a fast
 * retransmission that is itself lost (found when data sent after it is SACKed).
 */
@Timeout(30)
class TcpEarlyRecoveryTest {
    static final int PORT = 80;

    final TcpPair pair = new TcpPair(withoutQuickAcks(), 51);
    final RecordingHandler clientApp = new RecordingHandler();
    final RecordingHandler serverApp = new RecordingHandler();

    /** The server delays every ACK it may from the start, so that a test can have an ACK held back on demand. */
    static TcpConfig withoutQuickAcks() {
        TcpConfig config = TcpPair.config();
        config.quickAcks = 0;
        return config;
    }

    TcpStream open() {
        pair.server.listen(PORT, serverApp, 16);
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
        pair.advance(1);
        assertEquals(1, serverApp.opened.size());
        // A few exchanges, so that SRTT is measured and the RTO is its 200 ms floor, not the initial second.
        for (int i = 0; i < 3; i++) {
            assertTrue(c.sendReference(pair.bytes(new byte[100]), 100));
            pair.advance(50);
        }
        pair.advance(50);
        assertEquals(((Connection) c).sndMax, ((Connection) c).sndUna, "everything acknowledged, delayed ACKs too");
        return c;
    }

    /** Drops the first {@code times} transmissions of the data segment starting at {@code seq}. */
    void dropTransmissionsOf(int seq, int times) {
        Map<Integer, Integer> seen = new HashMap<>();
        pair.link.drop = s -> s.payload() > 0 && s.sequence() == seq && seen.merge(seq, 1, Integer::sum) <= times;
    }

    byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aLossInAWindowOfThreeIsRetransmittedOnTheSecondDuplicate() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        int mss = conn.sndMss;
        byte[] data = random(3 * mss, 1);
        dropTransmissionsOf(conn.sndNxt, 1);
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        pair.link.deliver();
        assertEquals(0, pair.client.counters().retransmitsTimeout, "before any timer could fire");
        assertEquals(1, pair.client.counters().retransmitsEarly);
        pair.advance(10);
        byte[] received = serverApp.received(serverApp.opened.get(0).slot());
        assertEquals(300 + data.length, received.length);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(received, 300, received.length));
        assertEquals(0, pair.client.counters().retransmitsTimeout);
    }

    @Test
    void aLossInAWindowOfTwoIsRetransmittedOnTheFirstDuplicate() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        byte[] data = random(2 * conn.sndMss, 2);
        dropTransmissionsOf(conn.sndNxt, 1);
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        pair.link.deliver();
        pair.advance(10);
        assertEquals(300 + data.length, serverApp.received(serverApp.opened.get(0).slot()).length);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertEquals(1, pair.client.counters().retransmitsEarly);
    }

    /** The ACK that SACKs the second segment also acknowledges earlier data: no duplicate, a loss all the same. */
    @Test
    void aLossSeenOnAnAckThatAlsoAdvancesTheHeadIsRetransmittedAtOnce() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        assertTrue(c.sendReference(pair.bytes(new byte[100]), 100));
        pair.link.deliver();
        assertNotEquals(conn.sndUna, conn.sndMax, "the server holds its ACK for the 100 bytes (delayed)");
        byte[] data = random(2 * conn.sndMss, 5);
        dropTransmissionsOf(conn.sndNxt, 1);
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        pair.link.deliver();
        assertEquals(1, pair.client.counters().retransmitsEarly);
        pair.advance(10);
        assertEquals(400 + data.length, serverApp.received(serverApp.opened.get(0).slot()).length);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
    }

    @Test
    void aLostFastRetransmissionIsSentAgainOnceLaterDataIsSacked() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        byte[] data = random(40 * conn.sndMss, 3);
        // The first segment of the transfer is lost, and so is its first retransmission.
        dropTransmissionsOf(conn.sndNxt, 2);
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        long took = pair.runUntil(() -> serverApp.received(serverApp.opened.get(0).slot()).length == 300 + data.length,
            5_000);
        byte[] received = serverApp.received(serverApp.opened.get(0).slot());
        assertArrayEquals(data, java.util.Arrays.copyOfRange(received, 300, received.length));
        assertEquals(0, pair.client.counters().retransmitsTimeout, "no timeout: " + took + " ms");
        assertEquals(1, pair.client.counters().lostRetransmits);
    }

    @Test
    void theFirstTwoDuplicatesEachLetOneNewSegmentOutBeyondCwnd() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        conn.cwnd = 4 * conn.sndMss;
        int hole = conn.sndNxt;
        byte[] data = random(8 * conn.sndMss, 4);
        dropTransmissionsOf(hole, 1);
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        assertEquals(4, pair.link.queue.size(), "cwnd lets four out");
        int beyondCwnd = conn.sndMax;
        pair.link.deliverRound();
        assertEquals(3, pair.link.queue.size(), "three duplicates come back");
        pair.link.deliverRound();
        // RFC 3042: the first two duplicates each send one new segment; the third starts recovery with the hole.
        assertTrue(pair.link.queue.size() >= 3, "sent: " + pair.link.queue.size());
        assertEquals(beyondCwnd, pair.link.queue.get(0).sequence(), "new data on the first duplicate");
        assertEquals(beyondCwnd + conn.sndMss, pair.link.queue.get(1).sequence(), "new data on the second");
        assertEquals(hole, pair.link.queue.get(2).sequence(), "the hole on the third");
        pair.advance(10);
        assertEquals(300 + data.length, serverApp.received(serverApp.opened.get(0).slot()).length);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
    }

    /** RFC 8985's tail loss probe: the last three segments of a flight lost, found two round trips later. */
    @Test
    void aLossAtTheTailIsFoundByAProbeNotTheRetransmissionTimer() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        int mss = conn.sndMss;
        byte[] data = random(10 * mss, 6);
        int tail = conn.sndNxt + 7 * mss;
        pair.link.drop = s -> s.payload() > 0 && Seq.ge(s.sequence(), tail) && pair.client.counters().tailLossProbes == 0;
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        long start = pair.clock.nanos();
        long rtoMillis = conn.rto / 1_000_000L;
        int slot = serverApp.opened.get(0).slot();
        while (serverApp.received(slot).length < 300 + data.length && pair.clock.nanos() - start < 1_000_000_000L) {
            pair.advance(1);
        }
        long tookMillis = (pair.clock.nanos() - start) / 1_000_000L;
        assertEquals(300 + data.length, serverApp.received(slot).length);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(serverApp.received(slot), 300, 300 + data.length));
        assertEquals(1, pair.client.counters().tailLossProbes);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "found by the probe: " + tookMillis + " ms");
        assertTrue(tookMillis < rtoMillis, "repaired before the timer (" + rtoMillis + " ms) would even have fired: "
            + tookMillis + " ms (srtt " + conn.srtt / 1_000_000L + " ms)");
    }
}
