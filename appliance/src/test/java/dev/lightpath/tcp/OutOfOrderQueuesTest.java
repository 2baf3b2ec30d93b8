package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The arrays a connection holds segments beyond a hole in: lent only while it holds one, so an idle connection
 * holds none; all back once the holes are filled; and with none free, data still arrives whole (the peer
 * sends again what was not kept), counted.
 */
class OutOfOrderQueuesTest {
    @Test
    void queuesAreLentOnlyWhileSegmentsWaitBeyondAHoleAndAllComeBack() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 23)) {
            int queues = pair.server.reassembly.queues();
            assertEquals(64, queues, "one per slot with a small table");
            SentRecordPoolTest.sendAtOnce(pair, 8, 300_000, 0.03);
            assertTrue(pair.server.counters.outOfOrderSegments > 0, "segments waited beyond holes");
            for (Connection c : pair.server.slots.connections) {
                assertEquals(c.oooCount == 0, c.ooo == OutOfOrderQueue.NONE,
                        "a queue only while holding, slot " + c.slot);
            }
            assertEquals(queues, pair.server.reassembly.queuesAvailable(), "every queue back with the holes filled");
            assertEquals(0, pair.server.counters.outOfOrderNoQueue);
        }
    }

    @Test
    void withNoQueueFreeTheDataStillArrivesWholeAndItIsCounted() {
        TcpConfig config = TcpPair.config();
        config.maxOutOfOrderMbufs = 1;
        try (TcpPair pair = new TcpPair(config, 29)) {
            assertEquals(1, pair.server.reassembly.queues(), "no more queues than the budget's mbufs");
            SentRecordPoolTest.sendAtOnce(pair, 6, 150_000, 0.03);
            assertTrue(pair.server.counters.outOfOrderNoQueue > 0, "segments not kept for want of a queue");
            assertEquals(1, pair.server.reassembly.queuesAvailable());
        }
    }
}
