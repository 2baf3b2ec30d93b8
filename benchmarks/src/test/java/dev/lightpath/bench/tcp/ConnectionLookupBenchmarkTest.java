package dev.lightpath.bench.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lookup benchmark measures what it says, in each family: every present flow is found in the slot it was
 * inserted with, with the hash given or computed, and every absent one is not found (it probes to an empty bucket).
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
    }
}
