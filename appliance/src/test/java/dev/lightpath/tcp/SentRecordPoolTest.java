package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The blocks of sent records RACK times a flight with: lent to a connection only while it has data in flight,
 * given back when everything is acknowledged, so an idle connection holds none; and when every block is lent,
 * a connection still delivers everything, under loss, timing its flight as one range (counted).
 */
class SentRecordPoolTest {
    static final int PORT = 80;

    /** {@code connections} clients each sending {@code bytes} to the server at once over a lossy link. */
    static void sendAtOnce(TcpPair pair, int connections, int bytes, double loss) {
        RecordingHandler serverApp = new RecordingHandler();
        pair.server.listen(PORT, serverApp, 64);
        TcpStream[] streams = new TcpStream[connections];
        for (int i = 0; i < connections; i++) {
            streams[i] = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000 + i, new RecordingHandler());
        }
        pair.runUntil(() -> serverApp.opened.size() == connections, 2_000);
        assertEquals(connections, serverApp.opened.size());
        byte[] content = new byte[bytes];
        new Random(5).nextBytes(content);
        long address = pair.bytes(content);
        pair.link.loss = loss;
        for (TcpStream stream : streams) {
            assertTrue(stream.sendReference(address, bytes));
        }
        long took = pair.runUntil(() -> Arrays.stream(streams).allMatch(s -> ((Connection) s).sndUna == ((Connection) s).sndMax)
                && serverApp.opened.stream().allMatch(s -> serverApp.received(s.slot()).length == bytes), 120_000);
        assertTrue(took < 120_000, "everything delivered");
        for (TcpStream s : serverApp.opened) {
            assertArrayEquals(content, serverApp.received(s.slot()), "byte-exact");
        }
        pair.link.loss = 0;
    }

    @Test
    void anIdleConnectionHoldsNoBlockAndOneInFlightHoldsOne() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 3)) {
            int blocks = pair.client.sentRecords.blocks();
            assertEquals(64, blocks, "by default as many blocks as slots, for a small table");
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream stream = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            pair.runUntil(() -> !serverApp.opened.isEmpty(), 1_000);
            Connection c = (Connection) stream;
            assertEquals(TcpState.ESTABLISHED, c.state);
            assertFalse(c.sent.lent(), "established and idle: no block");
            assertEquals(blocks, pair.client.sentRecords.available());

            long address = pair.bytes(new byte[20 * c.sndMss]);
            assertTrue(stream.sendReference(address, 20 * c.sndMss));
            assertTrue(c.sent.lent(), "data in flight: a block lent");
            assertEquals(blocks - 1, pair.client.sentRecords.available());

            pair.runUntil(() -> c.sndUna == c.sndMax, 2_000);
            assertFalse(c.sent.lent(), "everything acknowledged: the block given back");
            assertEquals(blocks, pair.client.sentRecords.available());
            assertEquals(blocks, pair.server.sentRecords.available(), "the server sent no data, lent nothing");
            assertEquals(0, pair.client.counters.sentRecordsExhausted);
        }
    }

    @Test
    void withEveryBlockLentAConnectionStillDeliversEverythingUnderLossAndItIsCounted() {
        TcpConfig config = TcpPair.config();
        config.timedFlights = 2;
        try (TcpPair pair = new TcpPair(config, 11)) {
            sendAtOnce(pair, 8, 200_000, 0.02);
            assertTrue(pair.client.counters.sentRecordsExhausted > 0, "some flights timed as one range");
            assertTrue(pair.client.counters.retransmitsFast + pair.client.counters.retransmitsTimeout
                    + pair.client.counters.retransmitsEarly > 0, "and losses were repaired");
            assertEquals(2, pair.client.sentRecords.available(), "every block back once all is acknowledged");

        }
    }

    @Test
    void withNoBlockAtAllRackStillFindsLossesWithoutLosingData() {
        TcpConfig config = TcpPair.config();
        config.timedFlights = 0;
        try (TcpPair pair = new TcpPair(config, 17)) {
            sendAtOnce(pair, 4, 100_000, 0.03);
            assertTrue(pair.client.counters.sentRecordsExhausted > 0);
        }
    }
}
