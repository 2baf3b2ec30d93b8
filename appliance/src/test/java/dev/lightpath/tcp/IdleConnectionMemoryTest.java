package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What one idle established connection costs each side: N connections opened between two stacks and left
 * idle, the heap measured after a full collection, less the same stacks' heap with no table at all. Each
 * table slot is made when the stack starts, so a slot's cost is a connection's; the send-copy area is native
 * and reported apart.
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
                long recordBlocks = (long) pair.server.sentRecords.blocks() * SentSegments.CAPACITY * 21;
                long queues = (long) pair.server.reassembly.queues() * pair.config.maxOutOfOrderSegments * 24;
                long pools = recordBlocks + queues;
                System.out.printf("idle established connections: %,d per side; heap %,d B per connection per side, "
                        + "%,d B without the per-core pools lent to busy connections (RACK blocks %,d B, out-of-order "
                        + "queues %,d B per side in all); native send-copy area %,d B per connection per side%n",
                        CONNECTIONS, perSlotBoth / 2, (perSlotBoth / 2) - pools / CONNECTIONS, recordBlocks, queues,
                        pair.config.sendCopyBytes);
                assertEquals(pair.server.sentRecords.blocks(), pair.server.sentRecords.available(),
                        "no idle connection holds a block");
            }
        }
        assertTrue(perSlotBoth > 0);
    }
}
