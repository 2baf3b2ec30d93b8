package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The send queues, copy areas and SACK scoreboards a connection borrows from its core's pools only while it has
 * bytes unacknowledged: an idle connection holds none; when every one is lent, a connection that asks waits
 * (counted) and is told once one comes back; and whatever happens, everything is delivered and every pool
 * comes back whole.
 */
class SendBufferLendingTest {
    static final int PORT = 80;

    /** Sends {@code content} on each stream it is given through sendCopy, from onSendSpace as room comes. */
    static final class CopySender extends RecordingHandler {
        final long address;
        final int length;
        final int[] sent = new int[64];

        CopySender(long address, int length) {
            this.address = address;
            this.length = length;
        }

        void pump(TcpStream stream) {
            int slot = stream.slot();
            while (sent[slot] < length) {
                int n = stream.sendCopy(address + sent[slot], length - sent[slot]);
                if (n == 0) {
                    stream.wantSendSpace();
                    return;
                }
                sent[slot] += n;
            }
        }

        @Override
        public void onSendSpace(TcpStream stream) {
            super.onSendSpace(stream);
            pump(stream);
        }
    }

    static TcpStream[] open(TcpPair pair, int connections, RecordingHandler clientApp, RecordingHandler serverApp) {
        pair.server.listen(PORT, serverApp, 64);
        TcpStream[] streams = new TcpStream[connections];
        for (int i = 0; i < connections; i++) {
            streams[i] = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000 + i, clientApp);
        }
        pair.runUntil(() -> serverApp.opened.size() == connections, 2_000);
        assertEquals(connections, serverApp.opened.size());
        return streams;
    }

    /** Until the peer has acknowledged everything each stream sent (a lone short segment waits for a delayed ACK). */
    static void allAcknowledged(TcpPair pair, TcpStream[] streams) {
        pair.runUntil(() -> java.util.Arrays.stream(streams)
                .allMatch(s -> ((Connection) s).sndUna == ((Connection) s).sndMax), 10_000);
    }

    static void assertPoolsWhole(TcpStack stack) {
        assertEquals(stack.sendQueues.queues(), stack.sendQueues.available(), "every send queue back");
        assertEquals(stack.copyAreas.areas(), stack.copyAreas.available(), "every copy area back");
        assertEquals(stack.scoreboards.scoreboards(), stack.scoreboards.available(), "every scoreboard back");
        assertEquals(0, stack.sendWaiters.count(), "nobody left waiting");
    }

    @Test
    void anIdleConnectionHoldsNothingToSendWithAndOneSendingHoldsItUntilAcknowledged() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 3)) {
            assertEquals(64, pair.client.sendQueues.queues(), "by default as many as slots, for a small table");
            assertEquals(64, pair.client.copyAreas.areas());
            RecordingHandler serverApp = new RecordingHandler();
            TcpStream stream = open(pair, 1, new RecordingHandler(), serverApp)[0];
            Connection c = (Connection) stream;
            assertEquals(-1, c.queue, "established and idle: no send queue");
            assertEquals(-1, c.copyArea, "nor copy area");
            assertEquals(0, c.queueAddress.length);
            assertEquals(pair.config.sendQueueEntries, stream.sendReferenceSpace(), "room to lend all the same");
            assertEquals(pair.config.sendCopyBytes, stream.sendCopySpace());

            long address = pair.bytes(new byte[40_000]);
            assertTrue(stream.sendReference(address, 20_000));
            assertTrue(c.queue >= 0, "bytes queued: a queue lent");
            assertEquals(-1, c.copyArea, "sent by reference: no copy area");
            assertEquals(63, pair.client.sendQueues.available());
            assertEquals(4_000, stream.sendCopy(address + 20_000, 4_000));
            assertTrue(c.copyArea >= 0, "bytes copied: a copy area lent");
            assertEquals(63, pair.client.copyAreas.available());
            assertEquals(pair.config.sendCopyBytes - 4_000, stream.sendCopySpace());

            pair.runUntil(() -> c.sndUna == c.sndMax, 2_000);
            assertEquals(24_000, serverApp.received(serverApp.opened.get(0).slot()).length);
            assertEquals(-1, c.queue, "everything acknowledged: the queue given back");
            assertEquals(-1, c.copyArea, "and the copy area");
            assertPoolsWhole(pair.client);
            assertPoolsWhole(pair.server);
            assertEquals(0, pair.client.counters.sendQueuesExhausted + pair.client.counters.sendBuffersExhausted);
        }
    }

    @Test
    void withEveryQueueLentAConnectionWaitsIsCountedAndIsToldWhenOneComesBack() {
        TcpConfig config = TcpPair.config();
        config.sendQueues = 1;
        try (TcpPair pair = new TcpPair(config, 5)) {
            RecordingHandler clientApp = new RecordingHandler();
            RecordingHandler serverApp = new RecordingHandler();
            TcpStream[] streams = open(pair, 2, clientApp, serverApp);
            long address = pair.bytes(new byte[30_000]);
            assertTrue(streams[0].sendReference(address, 30_000));
            assertEquals(0, streams[1].sendReferenceSpace(), "no queue to lend");
            assertEquals(0, streams[1].sendCopySpace());
            assertFalse(streams[1].sendReference(address, 1_000), "refused, not queued");
            assertEquals(0, streams[1].sendCopy(address, 1_000));
            assertEquals(2, pair.client.counters.sendQueuesExhausted, "each refusal counted");
            assertEquals(1, pair.client.sendWaiters.count(), "the second waits, once");
            assertEquals(0, clientApp.sendSpace);

            pair.runUntil(() -> clientApp.sendSpace > 0, 2_000);
            assertEquals(1, clientApp.sendSpace, "told once the first one's queue came back");
            Connection first = (Connection) streams[0];
            assertEquals(first.sndUna, first.sndMax, "which is when all its bytes were acknowledged");
            assertTrue(streams[1].sendReference(address, 1_000));
            allAcknowledged(pair, streams);
            assertEquals(1_000, serverApp.received(serverApp.opened.get(1).slot()).length);
            assertPoolsWhole(pair.client);
        }
    }

    @Test
    void withEveryCopyAreaLentACopyWaitsHoldingNoQueueAndAReferenceDoesNot() {
        TcpConfig config = TcpPair.config();
        config.sendBuffers = 1;
        try (TcpPair pair = new TcpPair(config, 6)) {
            RecordingHandler clientApp = new RecordingHandler();
            TcpStream[] streams = open(pair, 3, clientApp, new RecordingHandler());
            long address = pair.bytes(new byte[8_000]);
            assertEquals(8_000, streams[0].sendCopy(address, 8_000));
            assertEquals(0, streams[1].sendCopySpace());
            assertEquals(0, streams[1].sendCopy(address, 100));
            assertEquals(1, pair.client.counters.sendBuffersExhausted);
            assertEquals(-1, ((Connection) streams[1]).queue, "the queue it would have used went back at once");
            assertEquals(63, pair.client.sendQueues.available());
            assertTrue(streams[2].sendReference(address, 100), "a reference needs no copy area");

            pair.runUntil(() -> clientApp.sendSpace > 0, 2_000);
            assertEquals(8_000, streams[1].sendCopy(address, 8_000), "told when the area came back, and copies");
            allAcknowledged(pair, streams);
            assertPoolsWhole(pair.client);
        }
    }

    @Test
    void anApplicationThatAsksForRoomWithoutSendingWaitsForAQueueAsWell() {
        TcpConfig config = TcpPair.config();
        config.sendQueues = 1;
        try (TcpPair pair = new TcpPair(config, 8)) {
            RecordingHandler clientApp = new RecordingHandler();
            TcpStream[] streams = open(pair, 2, clientApp, new RecordingHandler());
            long address = pair.bytes(new byte[10_000]);
            assertTrue(streams[0].sendReference(address, 10_000));
            assertEquals(0, streams[1].sendCopySpace(), "as a server checks before it answers");
            streams[1].wantSendSpace();
            assertEquals(1, pair.client.sendWaiters.count(), "nothing of its own in flight: it waits for the pool");
            assertEquals(0, pair.client.counters.sendQueuesExhausted, "no send refused");
            streams[0].wantSendSpace();
            assertEquals(1, pair.client.sendWaiters.count(), "one with bytes in flight is told by their ACK instead");
            pair.runUntil(() -> pair.client.sendWaiters.count() == 0, 2_000);
            assertEquals(pair.config.sendQueueEntries, streams[1].sendReferenceSpace(), "told, with a queue free");
            assertTrue(clientApp.sendSpace >= 1);
            allAcknowledged(pair, streams);
            assertPoolsWhole(pair.client);
        }
    }

    @Test
    void aConnectionReleasedWhileWaitingLeavesTheWaitAndTheNextIsTold() {
        TcpConfig config = TcpPair.config();
        config.sendQueues = 1;
        try (TcpPair pair = new TcpPair(config, 7)) {
            RecordingHandler clientApp = new RecordingHandler();
            TcpStream[] streams = open(pair, 3, clientApp, new RecordingHandler());
            long address = pair.bytes(new byte[10_000]);
            assertTrue(streams[0].sendReference(address, 10_000));
            assertFalse(streams[1].sendReference(address, 10));
            assertFalse(streams[2].sendReference(address, 10));
            assertEquals(2, pair.client.sendWaiters.count());
            streams[1].abort();
            assertEquals(1, pair.client.sendWaiters.count(), "the aborted one no longer waits");
            pair.runUntil(() -> clientApp.sendSpace > 0, 2_000);
            assertEquals(1, clientApp.sendSpace, "only the one still open is told");
            assertTrue(streams[2].sendReference(address, 10));
            allAcknowledged(pair, streams);
            assertPoolsWhole(pair.client);
        }
    }

    @Test
    void manyConnectionsSharingTwoQueuesAndTwoCopyAreasDeliverEverythingUnderLoss() {
        TcpConfig config = TcpPair.config();
        config.sendQueues = 2;
        config.sendBuffers = 2;
        int connections = 8;
        int bytes = 100_000;
        try (TcpPair pair = new TcpPair(config, 13)) {
            byte[] content = new byte[bytes];
            new Random(13).nextBytes(content);
            CopySender clientApp = new CopySender(pair.bytes(content), bytes);
            RecordingHandler serverApp = new RecordingHandler();
            TcpStream[] streams = open(pair, connections, clientApp, serverApp);
            pair.link.loss = 0.02;
            for (TcpStream stream : streams) {
                clientApp.pump(stream);
            }
            long took = pair.runUntil(() -> serverApp.opened.stream()
                    .allMatch(s -> serverApp.received(s.slot()).length == bytes), 300_000);
            assertTrue(took < 300_000, "everything delivered");
            for (TcpStream s : serverApp.opened) {
                assertArrayEquals(content, serverApp.received(s.slot()), "byte-exact");
            }
            pair.link.loss = 0;
            allAcknowledged(pair, streams);
            assertTrue(pair.client.counters.sendQueuesExhausted + pair.client.counters.sendBuffersExhausted > 0,
                    "connections had to wait");
            assertTrue(pair.client.counters.retransmitsFast + pair.client.counters.retransmitsTimeout
                    + pair.client.counters.retransmitsEarly > 0, "and losses were repaired");
            assertPoolsWhole(pair.client);
            assertPoolsWhole(pair.server);
            for (TcpStream stream : streams) {
                stream.close();
            }
            pair.runUntil(() -> pair.client.liveConnections() == 0 && pair.server.liveConnections() == 0, 5_000);
            assertEquals(pair.poolStart, pair.pool.available(), "no mbuf held");
        }
    }

    @Test
    void aScoreboardBorrowsItsRangesOnlyWhileItKeepsOneAndKeepsNoneWhenNoneIsFree() {
        TcpCounters counters = new TcpCounters();
        SackScoreboards pool = new SackScoreboards(1, 4, counters);
        SackScoreboard a = new SackScoreboard(pool);
        SackScoreboard b = new SackScoreboard(pool);
        assertFalse(a.holdsRanges());
        assertTrue(a.add(1_000, 2_000, 0, 10_000));
        assertTrue(a.holdsRanges());
        assertFalse(b.add(1_000, 2_000, 0, 10_000), "none free: the block is not kept");
        assertTrue(b.isEmpty());
        assertEquals(1, counters.sackScoreboardsExhausted);
        a.trim(1_500);
        assertTrue(a.holdsRanges(), "a range still kept");
        a.trim(2_000);
        assertFalse(a.holdsRanges(), "passed by the cumulative ACK: given back");
        assertTrue(b.add(1_000, 2_000, 0, 10_000));
        b.clear();
        assertEquals(1, pool.available());
    }
}
