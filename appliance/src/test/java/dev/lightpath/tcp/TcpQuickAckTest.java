package dev.lightpath.tcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.lightpath.wire.TcpHeader.ACK;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Quick ACKs: the first data segments of a connection, and the first after an idle spell longer than the RTO, are
 * acknowledged at once; after those, a lone segment waits for the delayed-ACK timer. A peer that holds its next
 * segment until the last is acknowledged (Nagle's algorithm, a small send buffer) would otherwise wait 40 ms at
 * the start of each connection.
 */
@Timeout(30)
class TcpQuickAckTest {
    static final int PORT = 80;
    static final int SEGMENT = 100;

    final TcpPair pair = new TcpPair(TcpPair.config(), 71);
    final RecordingHandler serverApp = new RecordingHandler();
    int serverPureAcks;

    @AfterEach
    void close() {
        pair.close();
    }

    TcpStream open(RecordingHandler server) {
        pair.server.listen(PORT, server, 16);
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
        pair.advance(1);
        assertEquals(1, server.opened.size());
        pair.link.drop = segment -> {
            if (segment.source() == TcpPair.SERVER_IP && segment.payload() == 0 && segment.flags() == ACK) {
                serverPureAcks++;
            }
            return false;
        };
        return c;
    }

    /** Sends one segment the server's application does not answer; returns whether its ACK came without delay. */
    boolean ackedAtOnce(TcpStream c) {
        int before = serverPureAcks;
        assertTrue(c.sendReference(pair.bytes(new byte[SEGMENT]), SEGMENT));
        pair.advance(1);
        boolean atOnce = serverPureAcks > before;
        pair.advance(45);
        assertEquals(before + 1, serverPureAcks, "one ACK for the segment, at once or delayed");
        assertEquals(((Connection) c).sndMax, ((Connection) c).sndUna);
        return atOnce;
    }

    @Test
    void theFirstSixteenSegmentsAreAcknowledgedAtOnceAndTheNextWaitsForTheDelayedAckTimer() {
        TcpStream c = open(serverApp);
        for (int i = 0; i < 16; i++) {
            assertTrue(ackedAtOnce(c), "segment " + i + " of the connection's first sixteen");
        }
        assertFalse(ackedAtOnce(c), "the seventeenth: delayed");
        assertFalse(ackedAtOnce(c));
        assertEquals(18 * SEGMENT, serverApp.received(serverApp.opened.get(0).slot()).length);
    }

    @Test
    void anIdleSpellLongerThanTheRtoStartsQuickAcksAgain() {
        TcpStream c = open(serverApp);
        for (int i = 0; i < 16; i++) {
            ackedAtOnce(c);
        }
        assertFalse(ackedAtOnce(c));
        long rtoMillis = ((Connection) serverApp.opened.get(0)).rto / 1_000_000L;
        pair.advance(rtoMillis + 10);
        assertTrue(ackedAtOnce(c), "idle for longer than the RTO: the peer starts again from a small window");
        for (int i = 1; i < 16; i++) {
            assertTrue(ackedAtOnce(c), "segment " + i + " after the idle spell");
        }
        assertFalse(ackedAtOnce(c));
    }

    @Test
    void anAnswerFromOnDataCarriesTheAckAndSpendsNoneOfTheBudget() {
        RecordingHandler answering = new RecordingHandler() {
            @Override
            public void onData(TcpStream stream, long address, int length) {
                super.onData(stream, address, length);
                assertTrue(stream.sendReference(pair.bytes(new byte[SEGMENT]), SEGMENT));
            }
        };
        TcpStream c = open(answering);
        for (int i = 0; i < 40; i++) {
            assertTrue(c.sendReference(pair.bytes(new byte[SEGMENT]), SEGMENT));
            pair.advance(1);
        }
        assertEquals(0, serverPureAcks, "each ACK rode on the answer");
        Connection server = (Connection) answering.opened.get(0);
        assertEquals(16, server.quickAcks);
    }

    @Test
    void withNoBudgetALoneSegmentWaitsForTheDelayedAckTimer() {
        TcpConfig config = TcpPair.config();
        config.quickAcks = 0;
        try (TcpPair delayed = new TcpPair(config, 72)) {
            RecordingHandler app = new RecordingHandler();
            delayed.server.listen(PORT, app, 16);
            TcpStream c = delayed.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000,
                new RecordingHandler());
            delayed.advance(1);
            assertTrue(c.sendReference(delayed.bytes(new byte[SEGMENT]), SEGMENT));
            delayed.advance(1);
            assertNotEquals(((Connection) c).sndMax, ((Connection) c).sndUna, "the first segment's ACK is held");
            delayed.advance(45);
            assertEquals(((Connection) c).sndMax, ((Connection) c).sndUna);
        }
    }
}
