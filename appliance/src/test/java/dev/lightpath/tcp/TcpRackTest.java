package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * RACK (RFC 8985) on a path with a 10 ms round trip: losses found by the send times of what was delivered, a
 * retransmission lost in turn found the same way, reordering told from loss, and the reorder timer for losses
 * too few duplicates would show.
 */
@Timeout(60)
class TcpRackTest extends DelayedPathFixture {
    /** The test pair's configuration with RACK on (it is off by default). */
    static TcpConfig rack() {
        TcpConfig config = TcpPair.config();
        config.rack = true;
        return config;
    }

    @Override
    void open(TcpConfig config, long seed) {
        super.open(config, seed);
        assertTrue(conn.minRtt >= 10_000_000L && conn.minRtt < 12_000_000L, "min RTT " + conn.minRtt);
    }

    byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Loses the first {@code times} transmissions of the data segment at {@code seq}, for each entry. */
    void lose(Map<Integer, Integer> times) {
        Map<Integer, Integer> seen = new HashMap<>();
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.payload() > 0 && times.containsKey(s.sequence())
            && seen.merge(s.sequence(), 1, Integer::sum) <= times.get(s.sequence());
    }

    void sendAndFinish(byte[] data, long boundMillis) {
        int before = received();
        assertTrue(stream.sendReference(pair.bytes(data), data.length));
        long took = path.runUntil(() -> received() == before + data.length, boundMillis);
        byte[] got = serverApp.received(serverApp.opened.get(0).slot());
        assertEquals(before + data.length, got.length, "delivered within " + boundMillis + " ms: " + conn);
        assertArrayEquals(data, Arrays.copyOfRange(got, before, got.length), "after " + took + " ms");
    }

    /**
     * A response of ten segments, nothing sent after it, with holes at the third and the sixth, the third's
     * retransmission lost too. No new data follows to reveal the lost retransmission by sequence; the sixth's
     * retransmission, sent after it and delivered, reveals it by time.
     */
    @Test
    void aLostRetransmissionIsFoundByTheDeliveryOfOneSentAfterIt() {
        open(rack(), 1);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        lose(Map.of(base + 2 * mss, 2, base + 5 * mss, 1));
        sendAndFinish(random(10 * mss, 2), 150);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertEquals(0, pair.client.counters().tailLossProbes, "RACK found it before a probe was due");
        assertEquals(1, pair.client.counters().lostRetransmits);
        assertEquals(3, pair.client.counters().retransmitsFast);
    }

    /**
     * Four segments, the first and third lost: two SACKed segments are fewer than DupThresh, and no more data
     * will come to draw more. RACK's reorder timer marks both lost a quarter of the minimum RTT after the SACKs
     * (the case RFC 6675 alone leaves to the retransmission timer: TcpSackTest.goingBackAfterATimeout...).
     */
    @Test
    void twoLossesThatDrawTooFewDuplicatesAreFoundWithoutATimeout() {
        open(rack(), 3);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        lose(Map.of(base, 1, base + 2 * mss, 1));
        sendAndFinish(random(4 * mss, 4), 60);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertEquals(0, pair.client.counters().tailLossProbes);
        assertTrue(pair.client.counters().reorderTimeouts >= 1, "found by the reorder timer");
        assertEquals(2, pair.client.counters().retransmitsFast);
    }

    /** The same with RACK off: RFC 6675's DupThresh is not reached, and the retransmission timer finds them. */
    @Test
    void withoutRackTheSameLossesWaitForTheTimer() {
        TcpConfig config = TcpPair.config();
        config.rack = false;  // the same case without RACK, for contrast
        open(config, 3);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        lose(Map.of(base, 1, base + 2 * mss, 1));
        sendAndFinish(random(4 * mss, 4), 2_000);
        assertEquals(1, pair.client.counters().retransmitsTimeout);
    }

    /** The last two segments of a flight lost: the probe's SACK shows them, long before the timer. */
    @Test
    void aTailLossIsRepairedWithinAFewRoundTrips() {
        open(rack(), 5);
        int mss = conn.sndMss;
        int base = conn.sndNxt;
        lose(Map.of(base + 8 * mss, 1, base + 9 * mss, 1));
        long rtoMillis = conn.rto / 1_000_000L;
        sendAndFinish(random(10 * mss, 6), 80);
        assertEquals(0, pair.client.counters().retransmitsTimeout, "the RTO is " + rtoMillis + " ms");
        assertEquals(1, pair.client.counters().tailLossProbes);
    }

    /**
     * A segment overtaken by four behind it, not lost. The first time, nothing says the path reorders: with
     * DupThresh segments SACKed the window is zero and the segment is resent; the original then arrives
     * first, the ACKs show it (Eifel) and the DSACK of the copy confirms it, the reduction is undone and the
     * reordering window widens. The second time the same reordering is waited out: no retransmission.
     */
    @Test
    void aReorderingIsUndoneOnceAndWaitedOutAfter() {
        open(rack(), 7);
        int mss = conn.sndMss;
        int[] late = {conn.sndNxt + mss};
        // The second segment of a flight arrives 4 ms after the rest: after four that were sent behind it.
        path.extraDelay = s -> s.source() == TcpPair.CLIENT_IP && s.sequence() == late[0] && s.payload() > 0
            && pair.client.counters().retransmitsFast == 0 ? 4_000_000L : 0;
        int cwndBefore = conn.cwnd;
        sendAndFinish(random(8 * mss, 8), 100);
        path.run(30);
        assertEquals(1, pair.client.counters().retransmitsFast, "resent once, taken for lost");
        assertEquals(1, pair.client.counters().retransmitsUndone);
        assertEquals(1, pair.server.counters().dsacksSent, "the copy reported as a duplicate");
        assertEquals(1, pair.client.counters().dsacksReceived);
        assertTrue(conn.cwnd >= cwndBefore, "window restored: " + conn.cwnd + " < " + cwndBefore);
        assertTrue(conn.reorderingSeen);

        late[0] = conn.sndNxt + mss;
        path.extraDelay = s -> s.source() == TcpPair.CLIENT_IP && s.sequence() == late[0] && s.payload() > 0
            ? 4_000_000L : 0;
        sendAndFinish(random(8 * mss, 9), 100);
        path.run(30);
        assertEquals(1, pair.client.counters().retransmitsFast, "the second reordering was waited out");
        assertEquals(0, pair.client.counters().retransmitsTimeout);
    }

    /**
     * On a LAN path (50 us round trips) that has shown reordering, the window is a quarter of the minimum RTT: a
     * loss in a long flight is found by the SACKs of segments sent a few microseconds after it, as Linux finds
     * it, not a timer tick (1 ms, twenty round trips) later by the reorder timer.
     */
    @Test
    void onALanPathTheReorderingWindowIsAQuarterOfTheRtt() {
        pair = new TcpPair(rack(), 17);
        path = new DelayedPath(pair, 25_000L, 5_000L);
        pair.server.listen(PORT, serverApp, 16);
        stream = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
        conn = (Connection) stream;
        path.runUntil(() -> !serverApp.opened.isEmpty() && conn.state == TcpState.ESTABLISHED, 10_000);
        int mss = conn.sndMss;
        sendAndFinish(random(20 * mss, 18), 10_000);
        assertTrue(conn.minRtt >= 50_000L && conn.minRtt < 70_000L, "min RTT " + conn.minRtt);
        // The path reordered before: the window is no longer zero once DupThresh segments are SACKed.
        conn.reorderingSeen = true;
        int lose = conn.sndNxt + 40 * mss;
        long[] sentAt = {0, 0};
        path.drop = s -> {
            if (s.source() != TcpPair.CLIENT_IP || s.payload() == 0 || s.sequence() != lose) {
                return false;
            }
            if (sentAt[0] == 0) {
                sentAt[0] = pair.clock.nanos();
                return true;
            }
            if (sentAt[1] == 0) {
                sentAt[1] = pair.clock.nanos();
            }
            return false;
        };
        sendAndFinish(random(100 * mss, 19), 20_000);
        long found = sentAt[1] - sentAt[0];
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertEquals(1, pair.client.counters().retransmitsFast);
        assertEquals(0, pair.client.counters().reorderTimeouts, "resent " + found + " ns after it was lost");
        assertTrue(found < 300_000L, "resent within a few round trips: " + found + " ns");
    }

    /**
     * A path that has shown reordering, and a long transfer with one segment held back 2 ms: within RACK's
     * window (a quarter of the 10 ms round trip), so not a loss, and no recovery starts. The segments that
     * overtake it are SACKed: they have left the network, and new data goes out in their place while the hole
     * is open, as Linux counts its flight (packets out less those SACKed). Counted against cwnd instead, they
     * would freeze the flight at two limited-transmit segments past cwnd until the held one arrived, and under
     * steady loss, with a hole open most of the time, the flight would shrink to the few segments not SACKed.
     */
    @Test
    void segmentsSackedAboveAHoleLeaveRoomForNewDataOutsideRecovery() {
        open(rack(), 31);
        int mss = conn.sndMss;
        sendAndFinish(random(200 * mss, 32), 2_000);
        conn.reorderingSeen = true;
        // In congestion avoidance at 40 segments: the flight is what cwnd allows, not the peer's window.
        conn.cwnd = 40 * mss;
        conn.ssthresh = 40 * mss;
        int late = conn.sndNxt + 150 * mss;
        path.extraDelay = s -> s.source() == TcpPair.CLIENT_IP && s.sequence() == late && s.payload() > 0
            ? 2_000_000L : 0;
        byte[] data = random(400 * mss, 33);
        int before = received();
        assertTrue(stream.sendReference(pair.bytes(data), data.length));
        int[] beyondCwnd = {Integer.MIN_VALUE};
        path.runUntil(() -> {
            if (!conn.inRecovery && Seq.gt(conn.sndMax, late) && !conn.scoreboard.isEmpty()) {
                beyondCwnd[0] = Math.max(beyondCwnd[0], conn.sndMax - conn.sndUna - conn.cwnd);
            }
            return received() == before + data.length;
        }, 5_000);
        assertEquals(before + data.length, received());
        assertEquals(0, pair.client.counters().retransmitsFast, "a reordering, not a loss");
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertTrue(beyondCwnd[0] != Integer.MIN_VALUE, "the hole was seen");
        // Limited transmit alone lets two segments past cwnd; the SACKed ones let as many as left the network.
        assertTrue(beyondCwnd[0] >= 5 * mss,
            "outstanding past cwnd while the hole was open: " + beyondCwnd[0] / mss + " segments");
    }
}
