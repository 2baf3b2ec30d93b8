package dev.lightpath.bench.tcp;

import dev.lightpath.tcp.TcpState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The lookup benchmark measures what it says, in each family: every present flow is found in the slot it was
 * inserted with, with the hash given or computed, and every absent one is not found (it probes to an empty bucket);
 * and the stack's lookups find each flow's connection, as the table holding the same slots does.
 */
class ConnectionLookupBenchmarkTest {
    private static final int FLOWS = 65536;

    @Test
    void presentFlowsAreFoundAndAbsentOnesAreNotInEitherFamily() {
        ConnectionLookupBenchmark bench = new ConnectionLookupBenchmark();
        bench.setUp();
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(i, bench.lookupPresent(), "IPv4 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(i, bench.hashAndLookup(), "IPv4 flow " + i + ", hashed here");
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(-1, bench.lookupMiss(), "absent IPv4 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(i, bench.lookupPresent6(), "IPv6 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(i, bench.hashAndLookup6(), "IPv6 flow " + i + ", hashed here");
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(-1, bench.lookupMiss6(), "absent IPv6 flow " + i);
        }
        // The stack's flows were opened by connect: each found is in SYN-SENT, the state both variants read.
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(TcpState.SYN_SENT, bench.stackHashAndLookup(), "IPv4 flow " + i + " in the stack");
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(TcpState.SYN_SENT, bench.tableThenState(), "IPv4 flow " + i + " by the table's slot");
        }
        for (int i = 0; i < FLOWS; i++) {
            assertFalse(bench.stackLookupMiss(), "absent IPv4 flow " + i + " in the stack");
        }
        bench.tearDown();
    }
}
