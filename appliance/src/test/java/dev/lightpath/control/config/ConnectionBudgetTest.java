package dev.lightpath.control.config;

import dev.lightpath.tcp.TcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** tcp.max_connections: derived from the heap and the mempool when not given, and checked against the heap. */
class ConnectionBudgetTest {
    static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    RunConfig load(String toml) throws Exception {
        Path file = dir.resolve("appliance.toml");
        Files.writeString(file, "[port]\ndevices = [\"net_ring0\"]\n[ip]\naddress = \"198.18.0.1/24\"\n" + toml);
        return new RunConfig().load(file);
    }

    @Test
    void theDefaultIsTheSmallerOfTheHeapsShareAndTheMempoolsShare() {
        TcpConfig tcp = new TcpConfig();
        long slot = ConnectionBudget.heapPerSlot(tcp);
        assertEquals(3 * 1024, slot, "the send queue lent, not per slot");
        assertEquals(8191, ConnectionBudget.derive(8191, 1, 4 * GIB, tcp), "a small mempool bounds a large heap");
        assertEquals(4095, ConnectionBudget.derive(8191, 2, 4 * GIB, tcp), "shared by the cores");
        assertEquals((int) (GIB / 2 / 2 / slot), ConnectionBudget.derive(4_000_000, 2, GIB, tcp),
                "a large mempool: half of the heap, shared by the cores");
        assertEquals(16, ConnectionBudget.derive(1023, 1, 1 << 15, tcp), "never under 16");
        tcp.sendQueueEntries = 8;
        assertEquals(slot, ConnectionBudget.heapPerSlot(tcp), "a queue's size changes no slot's");
    }

    @Test
    void withTlsTheDefaultIsAlsoBoundedByHalfTheHostsMemoryAtTlsAndSendBufferPerConnection() {
        TcpConfig tcp = new TcpConfig();
        long perConnection = 80 * 1024 + tcp.sendCopyBytes;
        assertEquals((int) (GIB / 2 / 2 / perConnection), ConnectionBudget.derive(8191, 2, 4 * GIB, tcp, GIB, 80 * 1024),
                "a 1 GiB host: fewer than the mempool's share");
        assertEquals(4095, ConnectionBudget.derive(8191, 2, 4 * GIB, tcp, 64 * GIB, 80 * 1024),
                "a large host: the mempool's share, as without TLS");
        assertEquals(16, ConnectionBudget.derive(8191, 1, 4 * GIB, tcp, 1 << 20, 80 * 1024), "never under 16");
    }

    @Test
    void aTableTheHeapCannotHoldIsRefusedNamingTheKey() throws Exception {
        RunConfig run = load("[tcp]\nmax_connections = 1000000\n");
        assertEquals(1_000_000, run.tcpMaxConnections);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.sizeTable(GIB));
        assertTrue(e.getMessage().contains("[tcp.max_connections]"), e.getMessage());
        assertTrue(e.getMessage().contains("raise -Xmx"), e.getMessage());
        run.sizeTable(16 * GIB);
        assertEquals(1_000_000, run.tcp.tableCapacity, "given, and the heap holds it");
    }

    @Test
    void withoutTheKeyTheTableIsDerivedAndTheFormerNameStillReads() throws Exception {
        RunConfig derived = load("");
        derived.mempool = 32_767;
        derived.cores = "0-1";
        derived.sizeTable(4 * GIB);
        assertEquals(16_383, derived.tcp.tableCapacity);
        RunConfig former = load("[tcp]\ntable_capacity = 4096\ntimed_flights = 100\n");
        former.sizeTable(GIB);
        assertEquals(4096, former.tcp.tableCapacity);
        assertEquals(100, former.tcp.sentRecordBlocks());
        assertEquals(4096, former.tcp.sendQueueCount(), "by default one send queue a slot, up to 4,096");
        assertEquals(4096, former.tcp.sendBufferCount());
        RunConfig pools = load("[tcp]\nsend_queues = 300\nsend_buffers = 200\n");
        assertEquals(300, pools.tcp.sendQueueCount());
        assertEquals(200, pools.tcp.sendBufferCount());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(refusal("[tcp]\nmax_connections = 8\n").contains("tcp.max_connections"));
        assertTrue(refusal("[tcp]\nmax_connections = 4096\ntable_capacity = 4096\n").contains("give one"));
        assertTrue(refusal("[tcp]\ntimed_flights = -1\n").contains("tcp.timed_flights"));
        assertTrue(refusal("[tcp]\nsend_queues = 0\n").contains("tcp.send_queues"));
        assertTrue(refusal("[tcp]\nsend_buffers = 0\n").contains("tcp.send_buffers"));
    }

    String refusal(String toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).getMessage();
    }
}
