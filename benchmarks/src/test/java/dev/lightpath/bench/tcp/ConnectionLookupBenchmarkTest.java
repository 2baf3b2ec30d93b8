package dev.lightpath.bench.tcp;

import dev.lightpath.tcp.TcpState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The lookup benchmark measures what it says, in each family: every present flow is found in its stack, whose
 * connection it reads in SYN-SENT (the flows were opened by connect), and every absent one is not found.
 */
class ConnectionLookupBenchmarkTest {
    private static final int FLOWS = 65536;

    @Test
    void presentFlowsAreFoundAndAbsentOnesAreNotInEitherFamily() {
        ConnectionLookupBenchmark bench = new ConnectionLookupBenchmark();
        bench.setUp();
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(TcpState.SYN_SENT, bench.hashAndLookup(), "IPv4 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertFalse(bench.lookupMiss(), "absent IPv4 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertEquals(TcpState.SYN_SENT, bench.hashAndLookup6(), "IPv6 flow " + i);
        }
        for (int i = 0; i < FLOWS; i++) {
            assertFalse(bench.lookupMiss6(), "absent IPv6 flow " + i);
        }
        bench.tearDown();
    }
}
