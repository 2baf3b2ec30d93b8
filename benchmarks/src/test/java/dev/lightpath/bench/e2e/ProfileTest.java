package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {
    @Test
    void theFiguresOfRecordHaveFiveRepetitionsOfEveryWorkloadAndTheCeiling() {
        Profile full = Profile.named("full");
        assertTrue(full.repetitions() >= 5, "a median with an interval of 93.8% at least");
        assertEquals(List.of(Workload.values()), full.workloads());
        assertEquals(List.of(Workload.values()), full.ceilingWorkloads());
        assertEquals(List.of(10_000L, 20_000L, 50_000L, 100_000L), full.offeredRates().subList(0, 4),
                "the rates the goals name come first");
        new RateSweep(full.offeredRates());
    }

    @Test
    void quickAndSmokeSayWhatTheyLeaveOut() {
        Profile quick = Profile.named("quick");
        assertEquals(3, quick.repetitions());
        assertTrue(SuiteNotes.profile(quick).contains("only 75% of the time"), SuiteNotes.profile(quick));
        Profile smoke = Profile.named("smoke");
        assertEquals(List.of(Workload.KEEP_ALIVE), smoke.workloads());
        assertTrue(SuiteNotes.profile(smoke).contains("with no stated confidence"), SuiteNotes.profile(smoke));
        assertTrue(!SuiteNotes.profile(Profile.named("full")).contains("figures of record come from"),
                "the full profile is the one of record");
        assertThrows(IllegalArgumentException.class, () -> Profile.named("fast"));
    }

    @Test
    void theEstimateCountsEveryServerClientAndRate() {
        Profile smoke = Profile.named("smoke");
        // Per server: one workload (load generator 3 + 1 + 1 + 2 s, wrk 1 + 2 s), one rate (7 s), 10 s to start;
        // 4 servers; the ceiling's one repetition 8 + 2 + 1 + 2 s.
        long perServer = (7 + 3) + 7 + 10;
        assertEquals(Duration.ofSeconds(4 * perServer + 13), smoke.estimate(SuiteScope.parse("fair")));
        // IPv6 and TLS alone: no sweep, no Netty, no ceiling. An IPv4 and an IPv6 lane with both clients
        // (7 + 3 s each) for three servers; a TLS lane with both clients too (7 + 3 s).
        assertEquals(Duration.ofSeconds(3 * (2 * (7 + 3) + 10)), smoke.estimate(SuiteScope.parse("ipv6")));
        assertEquals(Duration.ofSeconds(3 * ((7 + 3) + 10)), smoke.estimate(SuiteScope.parse("tls")));
        // Everything: nginx and both appliances in three lanes and the sweep, Netty in one, the ceiling.
        long laned = (7 + 3) * 3 + 7 + 10;
        assertEquals(Duration.ofSeconds(3 * laned + perServer + 13), smoke.estimate(SuiteScope.ALL));
    }
}
