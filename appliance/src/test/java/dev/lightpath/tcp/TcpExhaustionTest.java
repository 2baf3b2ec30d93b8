package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lightpath.tcp.TcpState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The server out of connection slots or out of mbufs: what it cannot take is counted and shed, nothing crashes,
 * and service resumes as soon as slots or mbufs come back.
 */
@Timeout(60)
class TcpExhaustionTest {
    static final int PORT = 80;
    static final int SLOTS = 4;

    TcpPair pairWithSmallServerTable(boolean cookies) {
        TcpConfig serverConfig = TcpPair.config();
        serverConfig.tableCapacity = SLOTS;
        serverConfig.synCookies = cookies;
        return new TcpPair(TcpPair.config(), serverConfig, 31);
    }

    /** Fills the server's table with {@link #SLOTS} established connections; returns the client ends. */
    List<TcpStream> fill(TcpPair pair, RecordingHandler clientApp) {
        List<TcpStream> streams = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            streams.add(pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 41000 + i, clientApp));
            pair.advance(1);
        }
        assertEquals(SLOTS, pair.server.activeConnections(), "the table is full");
        return streams;
    }

    void closeAll(TcpPair pair, List<TcpStream> streams) {
        for (TcpStream s : streams) {
            s.close();
        }
        pair.runUntil(() -> pair.server.activeConnections() == 0, 5_000);
        assertEquals(0, pair.server.activeConnections(), "the server's slots are free again");
    }

    @Test
    void aFullTableAnswersWithCookiesAndServesAgainOnceConnectionsClose() {
        try (TcpPair pair = pairWithSmallServerTable(true)) {
            RecordingHandler serverApp = new RecordingHandler();
            serverApp.closeOnPeerClose = true;
            pair.server.listen(PORT, serverApp, 16);
            RecordingHandler clientApp = new RecordingHandler();
            List<TcpStream> streams = fill(pair, clientApp);

            List<TcpStream> turnedAway = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                turnedAway.add(pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 42000 + i,
                        new RecordingHandler()));
            }
            pair.advance(1);
            TcpCounters counters = pair.server.counters();
            assertEquals(10, counters.synCookiesSent, "every SYN beyond the table answered with a cookie");
            assertTrue(counters.tableFull >= 10, "and the returning ACKs, with no slot to land in, counted: "
                    + counters.tableFull);
            assertEquals(SLOTS, pair.server.activeConnections(), "never more than the table");
            turnedAway.forEach(TcpStream::abort);
            pair.link.dropAll();

            // The first four close; a new client is then served in full.
            closeAll(pair, streams);
            assertEquals(0, pair.server.activeConnections());
            RecordingHandler later = new RecordingHandler();
            TcpStream fresh = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 43000, later);
            pair.advance(1);
            assertEquals(ESTABLISHED, pair.client.state(fresh.slot()));
            assertRoundTrip(pair, fresh, serverApp);
        }
    }

    @Test
    void withoutCookiesAFullTableDropsSynsAndTheRetransmittedSynGetsIn() {
        try (TcpPair pair = pairWithSmallServerTable(false)) {
            RecordingHandler serverApp = new RecordingHandler();
            serverApp.closeOnPeerClose = true;
            pair.server.listen(PORT, serverApp, 16);
            RecordingHandler clientApp = new RecordingHandler();
            List<TcpStream> streams = fill(pair, clientApp);

            RecordingHandler waiting = new RecordingHandler();
            TcpStream queued = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 44000, waiting);
            pair.advance(1);
            assertEquals(SYN_SENT, pair.client.state(queued.slot()), "no answer from a full table");
            assertEquals(1, pair.server.counters().tableFull);
            assertEquals(0, pair.server.counters().synCookiesSent);
            assertEquals(0, pair.link.queue.size(), "dropped, not refused: the client will retry");

            closeAll(pair, streams);
            // The client's SYN retransmission (initial RTO 1 s) finds a free slot.
            pair.runUntil(() -> pair.client.state(queued.slot()) == ESTABLISHED, 3_000);
            assertEquals(ESTABLISHED, pair.client.state(queued.slot()));
            assertRoundTrip(pair, queued, serverApp);
        }
    }

    private static void assertRoundTrip(TcpPair pair, TcpStream client, RecordingHandler serverApp) {
        TcpStream server = serverApp.opened.get(serverApp.opened.size() - 1);
        byte[] hello = "hello".getBytes();
        assertEquals(hello.length, client.sendCopy(pair.bytes(hello), hello.length));
        pair.advance(1);
        assertArrayEquals(hello, serverApp.received(server.slot()));
    }

    @Test
    void anEmptyPoolIsCountedAndTheTransferResumesWhenMbufsReturn() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 32)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
            pair.advance(1);
            TcpStream s = serverApp.opened.get(0);

            List<Long> hoard = new ArrayList<>();
            for (long m = pair.pool.allocate(); m != 0; m = pair.pool.allocate()) {
                hoard.add(m);
            }
            byte[] response = new byte[60_000];
            new Random(4).nextBytes(response);
            assertTrue(s.sendReference(pair.bytes(response), response.length), "queued without mbufs");
            pair.runUntil(() -> false, 3_000);
            long empty = pair.server.counters().poolEmpty;
            assertTrue(empty >= 2, "the first send and the retransmission timer's retries each counted: " + empty);
            assertEquals(0, clientApp.received(c.slot()).length);
            assertEquals(ESTABLISHED, pair.server.state(s.slot()), "nothing gave up in 3 s");

            hoard.forEach(pair.pool::free);
            pair.runUntil(() -> clientApp.received(c.slot()).length == response.length, 10_000);
            assertArrayEquals(response, clientApp.received(c.slot()), "byte-exact once mbufs came back");
            clientApp.closeOnPeerClose = true;
            s.close();
            pair.runUntil(() -> pair.server.activeConnections() == 0 && pair.client.activeConnections() == 0,
                    10_000);
            assertEquals(0, pair.server.activeConnections());
            assertEquals(pair.poolStart, pair.pool.available(), "every mbuf back");
        }
    }

    /**
     * Readers that never read: their windows shut with a response queued. One the server closes (as HTTP does when
     * keep-alive expires, 2 s after the response was queued) is aborted after a few probes; one it keeps is
     * aborted once the window has stayed shut for the zero-window timeout (120 s), however faithfully the peer
     * answers the probes. Neither can hold a slot and a queued response for ever.
     */
    @Test
    void aPeerThatNeverReadsIsAbortedOnceTheServerHasClosedAndAfterTheZeroWindowTimeoutOtherwise() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 33)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream kept = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
            TcpStream closed = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40001, clientApp);
            pair.advance(1);
            long shutAt = pair.clock.nanos();
            kept.limitReceiveWindow(0);
            closed.limitReceiveWindow(0);
            byte[] response = new byte[1 << 20];
            for (TcpStream s : serverApp.opened) {
                assertTrue(s.sendReference(pair.bytes(response), response.length));
            }
            pair.runUntil(() -> false, 2_000);
            TcpStream serverKept = serverApp.opened.get(0);
            TcpStream serverClosed = serverApp.opened.get(1);
            int stuck = clientApp.received(closed.slot()).length;
            assertTrue(stuck < response.length, "the window shut with the response unsent: " + stuck);

            serverClosed.close();
            long closedAt = pair.clock.nanos();
            pair.runUntil(() -> !serverApp.closed.isEmpty(), 120_000);
            assertEquals(List.of(StreamHandler.CloseReason.TIMEOUT), serverApp.closed, "the orphan aborted");
            long took = (pair.clock.nanos() - closedAt) / 1_000_000_000L;
            assertTrue(took <= 90, "about a minute after the close: " + took + " s");
            assertEquals(CLOSED, pair.server.state(serverClosed.slot()));
            assertEquals(stuck, clientApp.received(closed.slot()).length, "nothing more sent into the shut window");

            assertEquals(ESTABLISHED, pair.server.state(serverKept.slot()), "the open connection is still probed");
            pair.runUntil(() -> serverApp.closed.size() == 2, 180_000);
            assertEquals(List.of(StreamHandler.CloseReason.TIMEOUT, StreamHandler.CloseReason.TIMEOUT), serverApp.closed);
            long shutFor = (pair.clock.nanos() - shutAt) / 1_000_000_000L;
            assertTrue(shutFor >= 120 && shutFor <= 125, "120 s after the first probe: " + shutFor + " s");
            assertEquals(1, pair.server.counters().zeroWindowTimeouts);
            assertEquals(0, pair.server.activeConnections());
            pair.client.abortAll();
            pair.server.abortAll();
            pair.link.dropAll();
            assertEquals(pair.poolStart, pair.pool.available(), "queued data freed");
        }
    }
}
