package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.lightpath.tcp.StreamHandler.CloseReason.*;
import static org.junit.jupiter.api.Assertions.*;

class TcpStackTest {
    static final int CLIENT_IP = 0x0A000001;
    static final int SERVER_IP = 0x0A000002;
    static final int PORT = 80;

    MemoryPool pool;
    int poolStart;
    SimulatedClock clock;
    TestLink link;
    TcpStack client;
    TcpStack server;
    RecordingHandler clientApp;
    RecordingHandler serverApp;
    Arena arena;
    TcpConfig config;
    TcpPair pair;

    @BeforeEach
    void setUp() {
        config = new TcpConfig();
        config.tableCapacity = 64;
        config.timeWaitNanos = 2_000_000_000L;
        pair = new TcpPair(config, config, 4096, 42, 1, 2);
        pool = pair.pool;
        poolStart = pair.poolStart;
        clock = pair.clock;
        link = pair.link;
        client = pair.client;
        server = pair.server;
        arena = pair.arena;
        clientApp = new RecordingHandler();
        serverApp = new RecordingHandler();
        server.listen(PORT, serverApp, 16);
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    long bytes(byte[] content) {
        return pair.bytes(content);
    }

    void advance(long millis) {
        pair.advance(millis);
    }

    /** Advances a millisecond at a time, as a busy engine polls. */
    void step(long millis) {
        for (long t = 0; t < millis; t++) {
            advance(1);
        }
    }

    /** Advances in small steps, delivering as it goes, until the deadline. */
    void run(long millis) {
        for (long t = 0; t < millis; t += 10) {
            advance(10);
        }
    }

    TcpStream open() {
        TcpStream c = client.connect(SERVER_IP, PORT, CLIENT_IP, 40000 + clientApp.opened.size(), clientApp);
        assertNotNull(c);
        link.deliver();
        return c;
    }

    @Test
    void handshakeDataAndActiveCloseFromClient() {
        TcpStream c = open();
        assertEquals(1, clientApp.opened.size());
        assertEquals(1, serverApp.opened.size());
        assertEquals(TcpState.ESTABLISHED, client.state(c.slot()));
        TcpStream s = serverApp.opened.get(0);
        assertEquals(TcpState.ESTABLISHED, server.state(s.slot()));

        byte[] request = "GET / HTTP/1.1\r\n\r\n".getBytes();
        assertEquals(request.length, c.sendCopy(bytes(request), request.length));
        link.deliver();
        assertArrayEquals(request, serverApp.received(s.slot()));
        byte[] response = new byte[5000];
        new Random(1).nextBytes(response);
        assertTrue(s.sendReference(bytes(response), response.length));
        link.deliver();
        assertArrayEquals(response, clientApp.received(c.slot()));

        c.close();
        link.deliver();
        assertEquals(TcpState.FIN_WAIT_2, client.state(c.slot()));
        assertEquals(TcpState.CLOSE_WAIT, server.state(s.slot()));
        assertEquals(1, serverApp.peerClosed);
        s.close();
        link.deliver();
        assertEquals(TcpState.TIME_WAIT, client.state(c.slot()));
        assertEquals(TcpState.CLOSED, server.state(s.slot()));
        assertEquals(NORMAL, serverApp.closed.get(0));
        assertEquals(NORMAL, clientApp.closed.get(0));
        run(2100);
        assertEquals(TcpState.CLOSED, client.state(c.slot()));
        assertEquals(0, client.activeConnections());
        assertEquals(0, server.activeConnections());
        assertEquals(poolStart, pool.available());
    }

    @Test
    void passiveSideClosesFirst() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        clientApp.closeOnPeerClose = true;
        s.close();
        link.deliver();
        assertEquals(TcpState.TIME_WAIT, server.state(s.slot()));
        assertEquals(TcpState.CLOSED, client.state(c.slot()));
        run(2100);
        assertEquals(0, server.activeConnections());
        assertEquals(poolStart, pool.available());
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        c.close();
        s.close();
        assertEquals(TcpState.FIN_WAIT_1, client.state(c.slot()));
        assertEquals(TcpState.FIN_WAIT_1, server.state(s.slot()));
        // Deliver the two FINs before any ACK of them.
        TestLink.Segment first = link.queue.remove(0);
        TestLink.Segment second = link.queue.remove(0);
        server.receive(first.mbuf(), first.source(), first.destination());
        client.receive(second.mbuf(), second.source(), second.destination());
        assertEquals(TcpState.CLOSING, client.state(c.slot()));
        assertEquals(TcpState.CLOSING, server.state(s.slot()));
        link.deliver();
        assertEquals(TcpState.TIME_WAIT, client.state(c.slot()));
        assertEquals(TcpState.TIME_WAIT, server.state(s.slot()));
        run(2100);
        assertEquals(0, client.activeConnections());
        assertEquals(0, server.activeConnections());
        assertEquals(poolStart, pool.available());
    }

    @Test
    void connectionToClosedPortIsRefused() {
        TcpStream c = client.connect(SERVER_IP, 81, CLIENT_IP, 40000, clientApp);
        link.deliver();
        assertEquals(TcpState.CLOSED, client.state(c.slot()));
        assertEquals(REFUSED, clientApp.closed.get(0));
        assertEquals(1, server.counters().resetsSent);
        assertEquals(poolStart, pool.available());
    }

    @Test
    void lostSynIsRetransmittedWithBackoffAndGivesUp() {
        config.maxRetransmissions = 3;
        link.loss = 1.0;
        TcpCounters counters = client.counters();
        TcpStream c = client.connect(SERVER_IP, PORT, CLIENT_IP, 40000, clientApp);
        // Polled every millisecond; the wheel ticks every 2^20 ns, so a timer fires within 2 ms of its deadline.
        step(995);
        assertEquals(0, counters.retransmitsTimeout);
        step(10);
        assertEquals(1, counters.retransmitsTimeout, "first retransmission after the initial RTO of 1 s");
        step(1990);
        assertEquals(1, counters.retransmitsTimeout);
        step(10);
        assertEquals(2, counters.retransmitsTimeout, "second after 2 s more");
        step(3990);
        assertEquals(2, counters.retransmitsTimeout);
        step(10);
        assertEquals(3, counters.retransmitsTimeout, "third after 4 s more");
        assertTrue(clientApp.closed.isEmpty());
        step(8000);
        assertEquals(TIMEOUT, clientApp.closed.get(0));
        assertEquals(TcpState.CLOSED, client.state(c.slot()));
        assertEquals(poolStart, pool.available());
    }

    @Test
    void lostSynRecoveredByRetransmission() {
        client.connect(SERVER_IP, PORT, CLIENT_IP, 40000, clientApp);
        link.dropAll();
        advance(1000);
        assertEquals(1, clientApp.opened.size());
        assertEquals(1, serverApp.opened.size());
    }

    /** Sends a hand-made segment from the client's address to the server. */
    void inject(int sourcePort, int seq, int ack, int flags, int payload) {
        long m = pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, sourcePort, PORT, seq, ack, 20, flags, 65535);
        Mbuf.length(m, 20 + payload);
        server.receive(m, CLIENT_IP, SERVER_IP);
    }

    @Test
    void blindResetInWindowEarnsChallengeAckAndExactResetCloses() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        Connection conn = (Connection) s;
        inject(c.localPort(), conn.rcvNxt + 100, 0, TcpHeader.RST, 0);
        assertEquals(TcpState.ESTABLISHED, server.state(s.slot()));
        assertEquals(1, server.counters().challengeAcksSent);
        link.dropAll();
        inject(c.localPort(), conn.rcvNxt - 100000, 0, TcpHeader.RST, 0);
        assertEquals(TcpState.ESTABLISHED, server.state(s.slot()), "out of window RST is ignored");
        link.dropAll();
        inject(c.localPort(), conn.rcvNxt, 0, TcpHeader.RST, 0);
        assertEquals(TcpState.CLOSED, server.state(s.slot()));
        assertEquals(RESET_BY_PEER, serverApp.closed.get(0));
        link.dropAll();
        c.abort();
        link.dropAll();
        assertEquals(poolStart, pool.available());
    }

    @Test
    void synInEstablishedEarnsChallengeAckAndRateLimit() {
        config.challengeAcksPerSecond = 2;
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        Connection conn = (Connection) s;
        for (int i = 0; i < 5; i++) {
            inject(c.localPort(), conn.rcvNxt + 5, 0, TcpHeader.SYN, 0);
        }
        assertEquals(TcpState.ESTABLISHED, server.state(s.slot()));
        long sent = server.counters().challengeAcksSent;
        assertTrue(sent >= 1 && sent <= 2, "this second's budget is drawn from [1, 3): " + sent);
        assertEquals(5, sent + server.counters().challengeAcksSuppressed);
        link.dropAll();
    }

    @Test
    void ackForDataNeverSentEarnsChallengeAck() {
        TcpStream c = open();
        Connection conn = (Connection) serverApp.opened.get(0);
        inject(c.localPort(), conn.rcvNxt, conn.sndNxt + 1000, TcpHeader.ACK, 0);
        assertEquals(1, server.counters().challengeAcksSent);
        link.dropAll();
    }

    @Test
    void segmentWithoutConnectionGetsResetPerRfc() {
        inject(5555, 1000, 777, TcpHeader.ACK, 0);
        assertEquals(1, link.queue.size());
        long a = Mbuf.data(link.queue.get(0).mbuf());
        assertEquals(777, TcpHeader.sequence(a));
        assertEquals(TcpHeader.RST, TcpHeader.flags(a));
        link.dropAll();
        server.unlisten(PORT);
        inject(5555, 1000, 0, TcpHeader.SYN, 0);
        a = Mbuf.data(link.queue.get(0).mbuf());
        assertEquals(0, TcpHeader.sequence(a));
        assertEquals(1001, TcpHeader.acknowledgment(a));
        assertEquals(TcpHeader.RST | TcpHeader.ACK, TcpHeader.flags(a));
        link.dropAll();
        inject(5555, 1000, 0, TcpHeader.RST, 0);
        assertEquals(0, link.queue.size(), "never a RST for a RST");
        assertEquals(poolStart, pool.available());
    }

    @Test
    void sequenceNumbersWrapAround() {
        client.forceNextIsn(0xFFFFFF00);
        server.forceNextIsn(0xFFFFFFF0);
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        byte[] payload = new byte[20000];
        new Random(3).nextBytes(payload);
        assertTrue(c.sendReference(bytes(payload), payload.length));
        assertTrue(s.sendReference(bytes(payload), payload.length));
        link.deliver();
        assertArrayEquals(payload, serverApp.received(s.slot()));
        assertArrayEquals(payload, clientApp.received(c.slot()));
        assertTrue(Integer.compareUnsigned(((Connection) c).sndNxt, 0x8000) < 0, "client sequence wrapped");
    }

    @Test
    void zeroWindowIsProbedAndRecovers() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        conn.sndWnd = 0;
        byte[] payload = new byte[100];
        assertTrue(c.sendReference(bytes(payload), payload.length));
        assertEquals(0, link.queue.size(), "nothing goes out into a closed window");
        advance(1000);
        // The probe reaches the server, which answers with its open window; data then flows.
        link.deliver();
        assertEquals(100, serverApp.received(serverApp.opened.get(0).slot()).length);
    }

    /** Sends a hand-made data segment from the client's address to the server. */
    void injectData(int sourcePort, int seq, int ack, byte[] data) {
        long m = pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, sourcePort, PORT, seq, ack, 20, TcpHeader.ACK, 65535);
        NativeMemory.copy(data, 0, a + 20, data.length);
        Mbuf.length(m, 20 + data.length);
        server.receive(m, CLIENT_IP, SERVER_IP);
    }

    @Test
    void outOfOrderSegmentsWithOverlapsAreReassembled() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        Connection conn = (Connection) s;
        int base = conn.rcvNxt;
        int ack = conn.sndNxt;
        byte[] all = new byte[100];
        new Random(9).nextBytes(all);
        java.util.function.BiFunction<Integer, Integer, byte[]> slice = (from, to) -> java.util.Arrays.copyOfRange(all, from, to);
        injectData(c.localPort(), base + 60, ack, slice.apply(60, 100));
        injectData(c.localPort(), base + 30, ack, slice.apply(30, 70));
        injectData(c.localPort(), base + 30, ack, slice.apply(30, 70));
        injectData(c.localPort(), base + 10, ack, slice.apply(10, 40));
        assertEquals(0, serverApp.received(s.slot()).length);
        assertEquals(3, conn.oooCount, "the exact duplicate is not held twice");
        assertEquals(4, server.counters().outOfOrderSegments);
        injectData(c.localPort(), base, ack, slice.apply(0, 20));
        assertArrayEquals(all, serverApp.received(s.slot()));
        assertEquals(base + 100, conn.rcvNxt);
        assertEquals(0, conn.oooCount);
        link.dropAll();
        // Held segments are released when the connection goes.
        injectData(c.localPort(), base + 150, ack, slice.apply(0, 10));
        assertEquals(1, conn.oooCount);
        s.abort();
        link.dropAll();
        assertEquals(poolStart, pool.available());
    }

    @Test
    void outOfOrderBoundsAreEnforced() {
        TcpStream c = open();
        Connection conn = (Connection) serverApp.opened.get(0);
        byte[] chunk = new byte[10];
        int bound = config.maxOutOfOrderSegments;
        for (int i = 0; i < bound + 4; i++) {
            injectData(c.localPort(), conn.rcvNxt + 100 + 20 * i, conn.sndNxt, chunk);
        }
        assertEquals(bound, conn.oooCount);
        link.dropAll();
        c.abort();
        link.deliver();
        assertEquals(poolStart, pool.available());
    }

    @Test
    void synFloodIsAnsweredWithCookiesAndARealClientStillConnects() {
        server.listen(PORT, serverApp, 4);
        for (int i = 0; i < 50; i++) {
            inject(2000 + i, 1000 * i, 0, TcpHeader.SYN, 0);
        }
        link.dropAll();
        assertEquals(4, server.activeConnections(), "only the backlog holds state");
        assertEquals(46, server.counters().synCookiesSent);
        TcpStream c = open();
        assertEquals(1, clientApp.opened.size());
        assertEquals(1, serverApp.opened.size());
        assertEquals(1, server.counters().synCookiesValidated);
        TcpStream s = serverApp.opened.get(0);
        byte[] payload = new byte[3000];
        new Random(4).nextBytes(payload);
        assertTrue(c.sendReference(bytes(payload), payload.length));
        link.deliver();
        assertArrayEquals(payload, serverApp.received(s.slot()));
        // A forged third packet fails validation and is answered by RST.
        inject(3000, 77, 123456, TcpHeader.ACK, 0);
        assertEquals(1, server.counters().synCookiesFailed);
        assertEquals(1, link.queue.size());
        link.dropAll();
    }

    @Test
    void idleTimeoutClosesQuietConnections() {
        config.idleTimeoutNanos = 5_000_000_000L;
        TcpStream c = open();
        run(4900);
        assertTrue(serverApp.closed.isEmpty());
        run(200);
        assertEquals(IDLE, serverApp.closed.get(0));
        // Both stacks share the configuration, so both sides time out; each RST finds its peer already gone.
        assertEquals(IDLE, clientApp.closed.get(0));
        assertEquals(0, client.activeConnections() + server.activeConnections());
        assertEquals(poolStart, pool.available());
    }

    @Test
    void keepAliveProbesUnansweredTimeOut() {
        config.keepAlive = true;
        config.keepAliveIdleNanos = 10_000_000_000L;
        config.keepAliveIntervalNanos = 1_000_000_000L;
        config.keepAliveCount = 3;
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        run(40_000);
        assertTrue(serverApp.closed.isEmpty(), "the peer answers probes, so the connection lives");
        link.loss = 1.0;
        run(20_000);
        assertEquals(TIMEOUT, serverApp.closed.get(0));
        link.loss = 0;
    }

    @Test
    void simultaneousOpenPassesThroughSynReceived() {
        TcpStream a = client.connect(SERVER_IP, 5000, CLIENT_IP, 6000, clientApp);
        TcpStream b = server.connect(CLIENT_IP, 6000, SERVER_IP, 5000, serverApp);
        assertEquals(TcpState.SYN_SENT, client.state(a.slot()));
        TestLink.Segment synA = link.queue.remove(0);
        TestLink.Segment synB = link.queue.remove(0);
        server.receive(synA.mbuf(), synA.source(), synA.destination());
        client.receive(synB.mbuf(), synB.source(), synB.destination());
        assertEquals(TcpState.SYN_RECEIVED, client.state(a.slot()));
        assertEquals(TcpState.SYN_RECEIVED, server.state(b.slot()));
        link.deliver();
        assertEquals(TcpState.ESTABLISHED, client.state(a.slot()));
        assertEquals(TcpState.ESTABLISHED, server.state(b.slot()));
        assertEquals(1, clientApp.opened.size());
        assertEquals(1, serverApp.opened.size());
    }

    @Test
    void resetInSynReceivedReturnsToListen() {
        inject(7000, 500, 0, TcpHeader.SYN, 0);
        assertEquals(1, server.activeConnections());
        link.dropAll();
        inject(7000, 501, 0, TcpHeader.RST, 0);
        assertEquals(0, server.activeConnections());
        assertTrue(serverApp.closed.isEmpty(), "the application never saw the half-open connection");
        assertEquals(poolStart, pool.available());
    }

    @Test
    void newSynWithHigherSequenceReopensTimeWait() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        int oldPort = c.localPort();
        int newIsn = ((Connection) c).sndMax + 100_000;
        clientApp.closeOnPeerClose = true;
        s.close();
        link.deliver();
        assertEquals(TcpState.TIME_WAIT, server.state(s.slot()));
        client.forceNextIsn(newIsn);
        TcpStream again = client.connect(SERVER_IP, PORT, CLIENT_IP, oldPort, clientApp);
        link.deliver();
        assertEquals(TcpState.ESTABLISHED, client.state(again.slot()));
        assertEquals(2, serverApp.opened.size());
        assertEquals(1, server.activeConnections());
    }

    @Test
    void newSynWithLowerSequenceButNewerTimestampReopensTimeWait() {
        // RFC 6191: a restarted client (another ISN secret, so any ISN) whose clock has moved on.
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        int oldPort = c.localPort();
        int lowerIsn = ((Connection) c).sndMax - 1_000_000;
        clientApp.closeOnPeerClose = true;
        s.close();
        link.deliver();
        assertEquals(TcpState.TIME_WAIT, server.state(s.slot()));
        advance(5);
        client.forceNextIsn(lowerIsn);
        TcpStream again = client.connect(SERVER_IP, PORT, CLIENT_IP, oldPort, clientApp);
        link.deliver();
        assertEquals(TcpState.ESTABLISHED, client.state(again.slot()), "no RST and no wait for a SYN retransmission");
        assertEquals(2, serverApp.opened.size());
        assertEquals(0, client.counters().resetsSent);
    }

    @Test
    void onSendSpaceFollowsAFullQueue() {
        config.sendCopyBytes = 16 * 1024;
        TcpStream c = open();
        byte[] big = new byte[40_000];
        long address = bytes(big);
        int taken = c.sendCopy(address, big.length);
        assertEquals(16 * 1024, taken);
        assertEquals(0, c.sendCopySpace());
        link.deliver();
        assertEquals(1, clientApp.sendSpace);
        assertEquals(16 * 1024, c.sendCopySpace());
        assertEquals(16 * 1024, serverApp.received(serverApp.opened.get(0).slot()).length);
    }

    /**
     * A timeout doubles the RTO; the ACK of the retransmission must bring it back (RFC 7323 RTTM from TSecr),
     * or a connection whose tail was retransmitted, with no new data left to time, keeps the backed-off RTO
     * for every later loss.
     */
    @Test
    void backedOffRtoComesDownAtTheNextAck() {
        TcpStream c = open();
        Connection conn = (Connection) c;
        byte[] warm = new byte[3000];
        assertTrue(c.sendReference(bytes(warm), warm.length));
        run(100);
        assertEquals(config.minRtoNanos, conn.rto, "measured on a link without delay: the minimum");
        link.loss = 1.0;
        long probesBefore = client.counters().tailLossProbes;
        byte[] payload = new byte[1000];
        assertTrue(c.sendReference(bytes(payload), payload.length));
        // The tail loss probe goes when the timer would (200 ms), the timer restarts from it, and fires at 400 ms:
        // both lost.
        run(450);
        link.loss = 0;
        assertEquals(1, client.counters().tailLossProbes - probesBefore, "the probe went in the first timeout's place");
        assertEquals(2 * config.minRtoNanos, conn.rto, "one timeout doubled it");
        assertEquals(1, client.counters().retransmitsTimeout);
        run(500);
        assertEquals(conn.sndMax, conn.sndUna, "the second retransmission got through");
        assertEquals(config.minRtoNanos, conn.rto, "its ACK was a valid sample: the backoff is over");
    }

    @Test
    void sendingResumesAfterThePoolRanDry() {
        TcpStream c = open();
        TcpStream s = serverApp.opened.get(0);
        java.util.List<Long> held = new java.util.ArrayList<>();
        for (long m = pool.allocate(); m != 0; m = pool.allocate()) {
            held.add(m);
        }
        byte[] payload = new byte[5000];
        new Random(6).nextBytes(payload);
        assertTrue(c.sendReference(bytes(payload), payload.length));
        c.close();
        assertEquals(0, link.queue.size(), "nothing could be built");
        assertTrue(client.counters().poolEmpty > 0);
        held.forEach(pool::free);
        // No ACK will come for what was never sent: a timer must try again.
        run(3000);
        assertArrayEquals(payload, serverApp.received(s.slot()));
        assertEquals(1, serverApp.peerClosed, "the FIN went out too");
    }

    @Test
    void hostileSegmentsAreCountedNeverThrownNorLeaked() {
        TcpStream c = open();
        Connection conn = (Connection) serverApp.opened.get(0);
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            long m = pool.allocate();
            long a = Mbuf.data(m);
            int length = random.nextInt(80);
            for (int b = 0; b < length; b++) {
                NativeMemory.putByte(a + b, random.nextInt(256));
            }
            if (length >= 20 && random.nextBoolean()) {
                // Aim half of them at the live connection, near its sequence space.
                NativeMemory.putU16Be(a, c.localPort());
                NativeMemory.putU16Be(a + 2, PORT);
                NativeMemory.putI32Be(a + 4, conn.rcvNxt + random.nextInt(200) - 100);
            }
            Mbuf.length(m, length);
            server.receive(m, CLIENT_IP, SERVER_IP);
            link.dropAll();
        }
        assertTrue(server.counters().badSegments > 0);
        c.abort();
        link.deliver();
        if (server.activeConnections() > 0) {
            run(200_000);
        }
        link.dropAll();
        assertEquals(poolStart, pool.available());
    }

    @Test
    void timestampsAreNegotiatedAndPawsDropsOldDuplicates() {
        TcpStream c = open();
        Connection conn = (Connection) serverApp.opened.get(0);
        assertTrue(conn.tsOk);
        assertTrue(((Connection) c).tsOk);
        assertEquals(1460 - 12, conn.sndMss);
        advance(100);
        // A segment whose timestamp is older than TS.Recent is dropped (and answered by an ACK).
        long m = pool.allocate();
        long a = Mbuf.data(m);
        int n = dev.lightpath.wire.TcpOptions.writeTimestamps(a + 20, conn.tsRecent - 1000, 0);
        TcpHeader.write(a, c.localPort(), PORT, conn.rcvNxt, conn.sndNxt, 20 + n, TcpHeader.ACK, 65535);
        NativeMemory.putByte(a + 20 + n, 'x');
        Mbuf.length(m, 20 + n + 1);
        server.receive(m, CLIENT_IP, SERVER_IP);
        assertEquals(0, serverApp.received(conn.slot()).length);
        link.dropAll();
        byte[] payload = "fresh".getBytes();
        assertEquals(payload.length, c.sendCopy(bytes(payload), payload.length));
        link.deliver();
        assertArrayEquals(payload, serverApp.received(conn.slot()));
    }

    @Test
    void dataAcrossLossReorderingAndDuplication() {
        assertTrue(config.sack, "SACK is on by default");
        lossyTransfers();
    }

    @Test
    void dataAcrossLossReorderingAndDuplicationWithoutSack() {
        config.sack = false;
        lossyTransfers();
    }

    /** 10,000 short connections, each sending a random slice, over 5% loss, 20% reordering, 5% duplication. */
    private void lossyTransfers() {
        link.loss = 0.05;
        link.reordering = 0.2;
        link.duplication = 0.05;
        Random random = new Random(7);
        int transfers = 10_000;
        byte[] content = new byte[8192];
        random.nextBytes(content);
        long base = bytes(content);
        int done = 0;
        for (int t = 0; t < transfers; t++) {
            TcpStream c = client.connect(SERVER_IP, PORT, CLIENT_IP, 1024 + t, clientApp);
            assertNotNull(c);
            int size = 1 + random.nextInt(content.length - 1);
            int offset = random.nextInt(content.length - size + 1);
            for (int i = 0; i < 400 && clientApp.opened.size() <= done; i++) {
                advance(50);
            }
            assertEquals(done + 1, clientApp.opened.size(), "transfer " + t + " connected");
            assertTrue(c.sendReference(base + offset, size));
            c.close();
            for (int i = 0; i < 1000 && serverApp.peerClosed <= done; i++) {
                advance(50);
            }
            TcpStream s = serverApp.opened.get(done);
            byte[] expected = java.util.Arrays.copyOfRange(content, offset, offset + size);
            assertArrayEquals(expected, serverApp.received(s.slot()), "transfer " + t);
            serverApp.data.remove(s.slot());
            s.close();
            done++;
        }
        assertTrue(client.counters().retransmitsFast > 0, "duplicate ACKs triggered fast retransmits");
        assertTrue(client.counters().retransmitsTimeout > 0);
        assertTrue(server.counters().outOfOrderSegments > 0);
        run(5000);
        link.loss = 0;
        run(70_000);
        assertEquals(0, server.activeConnections());
        assertEquals(0, client.activeConnections());
        assertEquals(poolStart, pool.available());
    }
}
