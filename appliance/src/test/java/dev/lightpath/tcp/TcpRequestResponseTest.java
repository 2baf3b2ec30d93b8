package dev.lightpath.tcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;
import static dev.lightpath.wire.TcpHeader.ACK;

/**
 * Request and response, one segment each way, as a load generator and a server exchange them: each side
 * answers the moment the other's segment arrives, so every ACK rides on an answer. Neither side may add an
 * ACK of its own afterwards, and an ACK that crosses an answer (a duplicate, with one segment outstanding) must
 * not retransmit it: together they once made every exchange retransmit on both sides.
 */
@Timeout(30)
class TcpRequestResponseTest {
    static final int PORT = 80;
    static final int REQUEST = 68;
    static final int RESPONSE = 231;

    final TcpPair pair = new TcpPair(TcpPair.config(), 61);
    final RecordingHandler serverApp = new RecordingHandler();
    int clientPureAcks;

    @AfterEach
    void close() {
        pair.close();
    }

    /** A client that sends its next request from within onData, as soon as the whole response is in. */
    final class NextRequestOnResponse extends RecordingHandler {
        int responseBytes;
        int requestsLeft;

        @Override
        public void onData(TcpStream stream, long address, int length) {
            super.onData(stream, address, length);
            responseBytes += length;
            if (responseBytes % RESPONSE == 0 && requestsLeft > 0) {
                requestsLeft--;
                assertTrue(stream.sendReference(pair.bytes(new byte[REQUEST]), REQUEST));
            }
        }
    }

    @Test
    void anAnswerSentFromOnDataCarriesTheAckAndNoDelayedAckFollows() {
        NextRequestOnResponse clientApp = new NextRequestOnResponse();
        clientApp.requestsLeft = 9;
        pair.server.listen(PORT, serverApp, 16);
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
        pair.advance(1);
        TcpStream s = serverApp.opened.get(0);
        pair.link.drop = segment -> {
            if (segment.source() == TcpPair.CLIENT_IP && segment.payload() == 0 && segment.flags() == ACK) {
                clientPureAcks++;
            }
            return false;
        };
        assertTrue(c.sendReference(pair.bytes(new byte[REQUEST]), REQUEST));
        for (int exchange = 0; exchange < 10; exchange++) {
            // The server takes longer than a delayed-ACK time to answer, so an ACK the client still owed would
            // go out before the answer arrives.
            pair.advance(45);
            assertTrue(s.sendReference(pair.bytes(new byte[RESPONSE]), RESPONSE));
            pair.advance(1);
        }
        assertEquals(10 * RESPONSE, clientApp.responseBytes);
        assertEquals(1, clientPureAcks,
            "every ACK of a response rode on the next request; the last, with no request after it, is ACKed at once"
                + " (the connection's first segments are, and the ACKs that rode on requests spent none of that)");
        pair.advance(100);
        assertEquals(1, clientPureAcks, "and no delayed ACK follows it");
        assertEquals(0, pair.client.counters().retransmitsFast + pair.server.counters().retransmitsFast);
    }

    @Test
    void aDuplicateAckWithOneSegmentOutstandingRetransmitsNothing() {
        RecordingHandler clientApp = new RecordingHandler();
        pair.server.listen(PORT, serverApp, 16);
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
        pair.advance(1);
        long[] firstRequest = new long[1];
        pair.link.drop = segment -> {
            if (segment.source() == TcpPair.CLIENT_IP && segment.payload() > 0 && firstRequest[0] == 0) {
                firstRequest[0] = pair.link.copy(segment.mbuf());
            }
            return false;
        };
        assertTrue(c.sendReference(pair.bytes(new byte[REQUEST]), REQUEST));
        pair.advance(1);
        pair.advance(100);
        Connection client = (Connection) c;
        assertEquals(client.sndMax, client.sndUna, "the first request is acknowledged");

        // The second request is in flight when the server meets an old copy of the first and, as it must,
        // ACKs it at once: that ACK reaches the client as a duplicate while its one segment is outstanding.
        int[] duplicates = new int[1];
        int una = client.sndUna;
        pair.link.drop = segment -> {
            if (segment.source() == TcpPair.SERVER_IP && segment.payload() == 0
                    && segment.acknowledgment() == una) {
                duplicates[0]++;
            }
            return false;
        };
        assertTrue(c.sendReference(pair.bytes(new byte[REQUEST]), REQUEST));
        pair.server.receive(firstRequest[0], TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
        pair.link.deliver();
        assertEquals(1, duplicates[0], "the server ACKed the old copy at once, a duplicate for the client");
        assertEquals(0, pair.client.counters().retransmitsEarly, "one duplicate shows no loss");
        assertEquals(0, pair.client.counters().retransmitsFast);
        pair.advance(1);
        pair.advance(100);
        assertEquals(2 * REQUEST, serverApp.received(serverApp.opened.get(0).slot()).length);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
    }
}
