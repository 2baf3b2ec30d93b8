package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What one idle established connection costs each side: N connections opened between two stacks and left
 * idle, the heap measured after a full collection, less the same stacks' heap with a 16-slot table. Each
 * table slot is made when the stack starts, so a slot's cost is a connection's. What only a connection with
 * bytes in flight holds is lent from per-core pools of a fixed size (4,096 of each by default), reported apart:
 * the RACK records, out-of-order queues, send queues, SACK scoreboards and the native send-copy areas.
 */
class IdleConnectionMemoryTest {
    static final int CONNECTIONS = 20_000;

    static long heapUsed() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static TcpConfig config(int capacity) {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = capacity;
        return config;
    }

    @Test
    void bytesPerIdleEstablishedConnection() {
        long before = heapUsed();
        long perSlotBoth;
        try (TcpPair small = new TcpPair(config(16), 1)) {
            long base = heapUsed() - before;
            try (TcpPair pair = new TcpPair(config(CONNECTIONS), 2)) {
                RecordingHandler serverApp = new RecordingHandler();
                pair.server.listen(80, serverApp, CONNECTIONS);
                RecordingHandler clientApp = new RecordingHandler();
                for (int i = 0; i < CONNECTIONS; i++) {
                    assertNotNull(pair.client.connect(TcpPair.SERVER_IP, 80, TcpPair.CLIENT_IP,
                            10_000 + i, clientApp));
                    if (i % 256 == 255) {
                        pair.advance(1);
                    }
                }
                pair.runUntil(() -> serverApp.opened.size() == CONNECTIONS, 5_000);
                assertEquals(CONNECTIONS, serverApp.opened.size());
                long withTables = heapUsed() - before - base;
                perSlotBoth = withTables / CONNECTIONS;
                TcpStack server = pair.server;
                long recordBlocks = (long) server.sentRecords.blocks() * SentSegments.CAPACITY * 21;
                long queues = (long) server.reassembly.queues() * pair.config.maxOutOfOrderSegments * 24;
                long sendQueues = (long) server.sendQueues.queues() * pair.config.sendQueueEntries * 13;
                long scoreboards = (long) server.scoreboards.scoreboards() * Connection.SCOREBOARD_RANGES * 8;
                long pools = recordBlocks + queues + sendQueues + scoreboards;
                System.out.printf("idle established connections: %,d per side; heap %,d B per connection per side, "
                        + "%,d B without the per-core pools lent to busy connections (RACK blocks %,d B, out-of-order "
                        + "queues %,d B, send queues %,d B, SACK scoreboards %,d B per side in all); native send-copy "
                        + "areas %,d of %,d B per side in all, none per connection%n",
                        CONNECTIONS, perSlotBoth / 2, (perSlotBoth / 2) - pools / CONNECTIONS, recordBlocks, queues,
                        sendQueues, scoreboards, server.copyAreas.areas(), pair.config.sendCopyBytes);
                for (TcpStack stack : new TcpStack[] {pair.client, server}) {
                    assertEquals(stack.sentRecords.blocks(), stack.sentRecords.available(),
                            "no idle connection holds a block");
                    assertEquals(stack.sendQueues.queues(), stack.sendQueues.available(), "nor a send queue");
                    assertEquals(stack.copyAreas.areas(), stack.copyAreas.available(), "nor a copy area");
                    assertEquals(stack.scoreboards.scoreboards(), stack.scoreboards.available(), "nor a scoreboard");
                }
            }
        }
        assertTrue(perSlotBoth > 0);
    }
}
