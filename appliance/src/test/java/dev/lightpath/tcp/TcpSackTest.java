package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Selective acknowledgment (RFC 2018) both ways, and RFC 6675 recovery measured in round trips. */
class TcpSackTest {
    static final int PORT = 80;

    /** The SACK option of a captured segment as [left - base, right - base] pairs, in the order sent. */
    static List<List<Integer>> blocks(TestLink.Segment segment, int base) {
        long a = Mbuf.data(segment.mbuf());
        TcpOptions options = new TcpOptions();
        options.parse(a + TcpHeader.MIN_LENGTH, TcpHeader.headerLength(a) - TcpHeader.MIN_LENGTH);
        List<List<Integer>> out = new ArrayList<>();
        for (int b = 0; b < options.sackBlocks; b++) {
            out.add(List.of(options.sackLeft[b] - base, options.sackRight[b] - base));
        }
        return out;
    }

    static boolean offersSack(TestLink.Segment segment) {
        long a = Mbuf.data(segment.mbuf());
        TcpOptions options = new TcpOptions();
        options.parse(a + TcpHeader.MIN_LENGTH, TcpHeader.headerLength(a) - TcpHeader.MIN_LENGTH);
        return options.sackPermitted;
    }

    /** Data from the client's address to the server, without options, as a peer would retransmit it. */
    static void inject(TcpPair pair, int sourcePort, int seq, int ack, int length) {
        long m = pair.pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, sourcePort, PORT, seq, ack, 20, TcpHeader.ACK, 65535);
        for (int i = 0; i < length; i++) {
            NativeMemory.putByte(a + 20 + i, i);
        }
        Mbuf.length(m, 20 + length);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }

    /** Injects {@code [from, to)} relative to {@code base} and returns the blocks of the ACK it draws. */
    static List<List<Integer>> ackFor(TcpPair pair, TcpStream c, Connection s, int base, int from, int to) {
        pair.link.dropAll();
        inject(pair, c.localPort(), base + from, s.sndNxt, to - from);
        assertEquals(1, pair.link.queue.size(), "one ACK for an out-of-order segment");
        TestLink.Segment ack = pair.link.queue.get(0);
        assertEquals(s.rcvNxt, TcpHeader.acknowledgment(Mbuf.data(ack.mbuf())));
        List<List<Integer>> result = blocks(ack, base);
        pair.link.dropAll();
        return result;
    }

    static List<Integer> b(int left, int right) {
        return List.of(left, right);
    }

    @Test
    void blocksFollowTheOutOfOrderQueueNewestFirst() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 1)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            pair.link.deliver();
            Connection s = (Connection) serverApp.opened.get(0);
            assertTrue(s.sackOk, "negotiated");
            assertTrue(((Connection) c).sackOk);
            int base = s.rcvNxt;

            assertEquals(List.of(b(100, 200)), ackFor(pair, c, s, base, 100, 200));
            assertEquals(List.of(b(300, 400), b(100, 200)), ackFor(pair, c, s, base, 300, 400));
            // Filling the gap between two held ranges merges them into one block.
            assertEquals(List.of(b(100, 400)), ackFor(pair, c, s, base, 200, 300));
            ackFor(pair, c, s, base, 500, 600);
            ackFor(pair, c, s, base, 700, 800);
            ackFor(pair, c, s, base, 900, 1000);
            // Beside timestamps only three blocks fit: the newest three ranges, newest first.
            assertEquals(List.of(b(1100, 1200), b(900, 1000), b(700, 800)), ackFor(pair, c, s, base, 1100, 1200));
            // A duplicate inside an old range: that range goes first, then the most recently reported.
            assertEquals(List.of(b(100, 400), b(1100, 1200), b(900, 1000)), ackFor(pair, c, s, base, 150, 250));
            // An overlap that extends a range reports the extended range.
            assertEquals(List.of(b(500, 650), b(100, 400), b(1100, 1200)), ackFor(pair, c, s, base, 550, 650));

            // The hole at the bottom fills: RCV.NXT jumps over the first range and the ACK lists the rest.
            pair.link.dropAll();
            inject(pair, c.localPort(), base, s.sndNxt, 100);
            assertEquals(base + 400, s.rcvNxt);
            TestLink.Segment ack = pair.link.queue.get(0);
            assertEquals(base + 400, TcpHeader.acknowledgment(Mbuf.data(ack.mbuf())));
            assertEquals(List.of(b(500, 650), b(1100, 1200), b(900, 1000)), blocks(ack, base));
            pair.link.dropAll();
            // The injected bytes were never the client's, so its RST would not match: the server aborts.
            s.abort();
            pair.link.deliver();
            assertEquals(TcpState.CLOSED, pair.client.state(c.slot()));
            assertEquals(pair.poolStart, pair.pool.available(), "held segments are freed");
        }
    }

    @Test
    void fourBlocksFitWithoutTimestamps() {
        TcpConfig config = TcpPair.config();
        config.timestamps = false;
        try (TcpPair pair = new TcpPair(config, 2)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            pair.link.deliver();
            Connection s = (Connection) serverApp.opened.get(0);
            int base = s.rcvNxt;
            for (int i = 1; i <= 4; i++) {
                ackFor(pair, c, s, base, 200 * i, 200 * i + 50);
            }
            assertEquals(List.of(b(1000, 1050), b(800, 850), b(600, 650), b(400, 450)),
                ackFor(pair, c, s, base, 1000, 1050));
            c.abort();
            pair.link.dropAll();
        }
    }

    @Test
    void sackIsUsedOnlyWhenBothSidesOfferIt() {
        TcpConfig off = TcpPair.config();
        off.sack = false;
        try (TcpPair pair = new TcpPair(TcpPair.config(), off, 3)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            assertTrue(offersSack(pair.link.queue.get(0)), "the client's SYN offers SACK");
            TestLink.Segment syn = pair.link.queue.remove(0);
            pair.server.receive(syn.mbuf(), syn.source(), syn.destination());
            assertFalse(offersSack(pair.link.queue.get(0)), "the SYN-ACK of a server without SACK does not");
            pair.link.deliver();
            Connection s = (Connection) serverApp.opened.get(0);
            assertFalse(s.sackOk);
            assertFalse(((Connection) c).sackOk);
            assertEquals(List.of(), ackFor(pair, c, s, s.rcvNxt, 100, 200), "no blocks when not agreed");
            c.abort();
            pair.link.dropAll();
        }
        TcpConfig on = TcpPair.config();
        try (TcpPair pair = new TcpPair(off, on, 4)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            assertFalse(offersSack(pair.link.queue.get(0)), "a client without SACK does not offer it");
            TestLink.Segment syn = pair.link.queue.remove(0);
            pair.server.receive(syn.mbuf(), syn.source(), syn.destination());
            assertFalse(offersSack(pair.link.queue.get(0)), "nor does the server answer with it");
            pair.link.dropAll();
        }
    }

    /**
     * Four segments, the first and third lost: two duplicate ACKs are too few for fast retransmit, so the
     * timeout recovers them. Going back from SND.UNA, the first is resent, its ACK jumps over the second, and
     * then only the third needs sending: the fourth was SACKed. Without SACK the fourth goes again too.
     */
    int segmentsResentAfterTimeout(boolean sack) {
        TcpConfig config = TcpPair.config();
        config.sack = sack;
        // RFC 6675 alone: RACK would find both losses by time and leave nothing for the timeout
        // (TcpRackTest.twoLossesThatDrawTooFewDuplicatesAreFoundWithoutATimeout).
        config.rack = false;
        try (TcpPair pair = new TcpPair(config, 7)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            pair.link.deliver();
            Connection conn = (Connection) c;
            int first = conn.sndMax;
            Set<Integer> lose = Set.of(first, first + 2 * conn.sndMss);
            Set<Integer> lost = new HashSet<>();
            pair.link.drop = seg -> seg.source() == TcpPair.CLIENT_IP && seg.payload() > 0
                && lose.contains(seg.sequence()) && lost.add(seg.sequence());
            byte[] data = new byte[4 * conn.sndMss];
            new Random(8).nextBytes(data);
            assertTrue(c.sendReference(pair.bytes(data), data.length));
            pair.link.deliver();
            assertEquals(sack ? 2 * conn.sndMss : 0, conn.scoreboard.sackedBytes());
            long sentBefore = pair.client.counters().segmentsSent;
            pair.runUntil(() -> conn.sndUna == conn.sndMax, 5_000);
            assertEquals(1, pair.client.counters().retransmitsTimeout);
            assertArrayEquals(data, serverApp.received(serverApp.opened.get(0).slot()));
            pair.link.dropAll();
            return (int) (pair.client.counters().segmentsSent - sentBefore);
        }
    }

    @Test
    void goingBackAfterATimeoutSkipsWhatWasSacked() {
        assertEquals(2, segmentsResentAfterTimeout(true), "only the lost segments");
        assertEquals(3, segmentsResentAfterTimeout(false), "without SACK, everything from SND.UNA on");
    }

    /** What one burst with several losses cost: round trips and what was retransmitted. */
    record Recovery(int rounds, long millis, long fastRetransmits, long timeouts, long segmentsRetransmitted) {
    }

    /**
     * Grows the client's window with a lossless warm-up, then sends 40 segments at once of which five are lost
     * (their first copy only), and counts round trips (10 ms each, well under the 200 ms minimum RTO) until
     * everything is acknowledged.
     */
    Recovery burstWithLosses(boolean sack) {
        TcpConfig config = TcpPair.config();
        config.sack = sack;
        config.maxOutOfOrderSegments = 64;
        config.maxOutOfOrderBytes = 256 * 1024;
        try (TcpPair pair = new TcpPair(config, 6)) {
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            pair.link.deliver();
            Connection conn = (Connection) c;
            byte[] warm = new byte[200_000];
            assertTrue(c.sendReference(pair.bytes(warm), warm.length));
            pair.runUntil(() -> conn.sndUna == conn.sndMax, 10_000);
            assertEquals(conn.sndUna, conn.sndMax);
            int mss = conn.sndMss;
            int segments = 40;
            assertTrue(conn.cwnd >= segments * mss, "the warm-up opened the window: " + conn.cwnd);

            int base = conn.sndMax;
            Set<Integer> lose = Set.of(base + 2 * mss, base + 9 * mss, base + 17 * mss, base + 25 * mss,
                base + 33 * mss);
            Set<Integer> lost = new HashSet<>();
            pair.link.drop = seg -> seg.source() == TcpPair.CLIENT_IP && seg.payload() > 0
                && lose.contains(seg.sequence()) && lost.add(seg.sequence());
            long fastBefore = pair.client.counters().retransmitsFast;
            long timeoutsBefore = pair.client.counters().retransmitsTimeout;
            long sentBefore = pair.client.counters().segmentsSent;
            byte[] burst = new byte[segments * mss];
            new Random(5).nextBytes(burst);
            int receivedBefore = serverApp.received(serverApp.opened.get(0).slot()).length;
            assertTrue(c.sendReference(pair.bytes(burst), burst.length));
            assertEquals(segments, pair.link.queue.size(), "the whole burst left in one window");
            int rounds = 0;
            long start = pair.clock.nanos();
            while (conn.sndUna != conn.sndMax && rounds < 1000) {
                pair.clock.advance(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                pair.client.poll(pair.clock.nanos());
                pair.server.poll(pair.clock.nanos());
                pair.link.deliverRound();
                rounds++;
            }
            assertEquals(5, lost.size(), "the five planned losses happened");
            assertEquals(conn.sndUna, conn.sndMax, "all acknowledged");
            byte[] got = serverApp.received(serverApp.opened.get(0).slot());
            assertArrayEquals(burst, java.util.Arrays.copyOfRange(got, receivedBefore, got.length));
            long sent = pair.client.counters().segmentsSent - sentBefore;
            pair.link.dropAll();
            return new Recovery(rounds, (pair.clock.nanos() - start) / 1_000_000,
                pair.client.counters().retransmitsFast - fastBefore,
                pair.client.counters().retransmitsTimeout - timeoutsBefore, sent - segments);
        }
    }

    @Test
    void sackRecoversSeveralLossesInOneWindowInFewerRoundTrips() {
        Recovery withSack = burstWithLosses(true);
        Recovery withoutSack = burstWithLosses(false);
        assertEquals(0, withSack.timeouts(), "SACK recovery needs no timeout: " + withSack);
        // SACK: the holes go out together a round after the loss is seen; NewReno finds one hole per round trip.
        assertTrue(withSack.rounds() + 3 <= withoutSack.rounds(),
            "with SACK " + withSack + ", without " + withoutSack);
        assertTrue(withSack.millis() * 2 <= withoutSack.millis(), "simulated time to recover: with SACK "
            + withSack.millis() + " ms, without " + withoutSack.millis() + " ms");
        assertEquals(5, withSack.fastRetransmits(), "each hole once, nothing SACKed again: " + withSack);
        assertTrue(withSack.rounds() <= 5, "loss seen in round 2, holes resent in round 2, all ACKed by 4: " + withSack);
    }
}
