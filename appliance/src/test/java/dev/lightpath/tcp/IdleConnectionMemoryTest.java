package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What one idle established connection costs each side: N connections opened between two stacks and left
 * idle, the live heap counted class by class (a full collection first, the JVM's own class histogram), less the
 * same count with stacks of a 16-slot table. A count of live bytes: the load on the machine does not change it,
 * and the space a collector leaves unfilled is not counted. Each table slot is made when the stack starts, so a
 * slot's cost is a connection's. What only a connection with bytes in flight holds is lent from per-core pools
 * of a fixed size (4,096 of each by default), reported apart: RACK records, out-of-order queues, send queues,
 * SACK scoreboards, and the native send-copy areas. The budget is under a kilobyte a connection on the server,
 * buffers in flight (the pools) excluded.
 */
class IdleConnectionMemoryTest {
    static final int CONNECTIONS = 20_000;
    static final int BUDGET = 1024;
    /** The collector's padding between objects, counted as used heap but holding nothing. */
    static final String FILLER = "jdk.internal.vm.FillerElement";

    /** Live bytes per class, after a full collection. */
    static Map<String, Long> liveBytes() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            Map<String, Long> bytes = new HashMap<>();
            for (String line : histogram.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":") && !f[3].contains(FILLER)) {
                    bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                }
            }
            return bytes;
        } catch (Exception e) {
            throw new AssertionError("no class histogram", e);
        }
    }

    static long total(Map<String, Long> bytes) {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    static TcpConfig config(int capacity) {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = capacity;
        return config;
    }

    @Test
    void bytesPerIdleEstablishedConnection() {
        long perConnection;
        try (TcpPair small = new TcpPair(config(16), 1)) {
            Map<String, Long> base = liveBytes();
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
                Map<String, Long> with = liveBytes();
                long both = total(with) - total(base);
                TcpStack server = pair.server;
                long recordBlocks = (long) server.sentRecords.blocks() * SentSegments.CAPACITY * 21;
                long queues = (long) server.reassembly.queues() * pair.config.maxOutOfOrderSegments * 24;
                long sendQueues = (long) server.sendQueues.queues() * pair.config.sendQueueEntries * 13;
                long scoreboards = (long) server.scoreboards.scoreboards() * Connection.SCOREBOARD_RANGES * 8;
                long pools = recordBlocks + queues + sendQueues + scoreboards;
                perConnection = (both / 2 - pools) / CONNECTIONS;
                System.out.printf("idle established connections: %,d per side; heap %,d B per connection per side "
                        + "with the per-core pools lent to busy connections, %,d B without them (RACK blocks %,d B, "
                        + "out-of-order queues %,d B, send queues %,d B, SACK scoreboards %,d B per side in all); "
                        + "native send-copy areas: %,d of %,d B per side in all, none per connection%n",
                        CONNECTIONS, both / 2 / CONNECTIONS, perConnection, recordBlocks, queues, sendQueues,
                        scoreboards, server.copyAreas.areas(), pair.config.sendCopyBytes);
                System.out.println("by class, bytes per connection per side (pools included):");
                with.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() - base.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> e.getValue() >= 2L * CONNECTIONS)
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                        .forEach(e -> System.out.printf("  %,7d  %s%n", e.getValue() / 2 / CONNECTIONS, e.getKey()));
                long connection = (with.get(Connection.class.getName())
                        - base.getOrDefault(Connection.class.getName(), 0L)) / 2 / CONNECTIONS;
                long index = (long) server.slots.indexBuckets() * Long.BYTES / CONNECTIONS;
                System.out.printf("of the %,d B without the pools: the connection's fields %,d B, the 4-tuple index "
                        + "%,d B, the rest %,d B (the timer wheel's links, the RACK and SACK holders and the slot's "
                        + "spare RACK record, the slot arrays, the pools' array headers)%n", perConnection, connection,
                        index, perConnection - connection - index);
                for (TcpStack stack : new TcpStack[] {pair.client, server}) {
                    assertEquals(stack.sentRecords.blocks(), stack.sentRecords.available(),
                            "no idle connection holds a block");
                    assertEquals(stack.sendQueues.queues(), stack.sendQueues.available(), "nor a send queue");
                    assertEquals(stack.copyAreas.areas(), stack.copyAreas.available(), "nor a copy area");
                    assertEquals(stack.scoreboards.scoreboards(), stack.scoreboards.available(), "nor a scoreboard");
                }
            }
        }
        assertTrue(perConnection > 0);
        assertTrue(perConnection < BUDGET, perConnection + " B per idle connection, over the budget of " + BUDGET);
    }
}
