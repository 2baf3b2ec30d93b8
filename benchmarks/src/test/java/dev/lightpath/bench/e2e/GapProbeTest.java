package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GapProbeTest {
    private static final String PROC_STAT = """
            cpu  4375692 6613 1606617 3229134 6250 0 724757 6556 0 0
            cpu0 2171084 2582 880139 1595778 3591 0 343164 2978 0 0
            cpu1 2203557 4031 725994 1630509 2658 0 381593 3569 0 0
            intr 1 2 3
            """;

    @Test
    void stealTimeIsTheEighthFieldOfTheCoresLineInTicksOfTenMilliseconds() {
        assertEquals(29_780_000_000L, GapProbe.stealNanos(PROC_STAT, 0));
        assertEquals(35_690_000_000L, GapProbe.stealNanos(PROC_STAT, 1));
        assertEquals(-1, GapProbe.stealNanos(PROC_STAT, 2), "no such core");
        assertEquals(-1, GapProbe.stealNanos("cpu0 1 2 3 4\n", 0), "a kernel that does not count it");
    }

    @Test
    void theProbesLineGivesTheGapsTheirSumAndTheLongest() {
        GapProbe.Result r = GapProbe.parse(1, 20, "gaps 91 68 156300000 7620000\n", 30_000_000);
        assertEquals(91, r.gaps());
        assertEquals(68, r.gapsOverOneMillisecond());
        assertEquals(0.007815, r.lostShare(), 1e-9);
        assertEquals("core 1 lost 0.78% of 20 s in 68 gaps over 1 ms (91 over 0.2 ms), the longest 7.62 ms; the "
                + "hypervisor's steal time over the same seconds: 30 ms", r.describe());
        assertTrue(GapProbe.parse(0, 2, "gaps 0 0 0 0", -1).describe().endsWith("the kernel reports no steal time"));
        assertThrows(IllegalArgumentException.class, () -> GapProbe.parse(0, 2, "Error: could not find class", 0));
        assertThrows(IllegalArgumentException.class, () -> GapProbe.parse(0, 2, "gaps 1 2 3", 0));
    }

    @Test
    void aProbePinnedToACoreMeasuresWhatThatCoreLeftIt() throws Exception {
        List<GapProbe.Result> results = GapProbe.measure(Programs.ofThisJvm(), List.of(0), Duration.ofSeconds(1));
        assertEquals(1, results.size());
        GapProbe.Result r = results.get(0);
        assertEquals(0, r.core());
        assertTrue(r.gapsOverOneMillisecond() <= r.gaps(), r.describe());
        assertTrue(r.lostNanos() >= r.gaps() * GapProbe.GAP_NANOS, "each gap counted is over 0.2 ms: " + r.describe());
        assertTrue(r.lostNanos() < 1_000_000_000L, "it cannot lose more than the second it ran: " + r.describe());
        assertTrue(r.longestNanos() <= r.lostNanos(), r.describe());
    }

    @Test
    void theNoteGivesEachCoreAndWhatTheGapsMeanForLatency() {
        String note = SuiteNotes.gaps(List.of(GapProbe.parse(0, 20, "gaps 37 8 31800000 7630000", 30_000_000),
                GapProbe.parse(1, 20, "gaps 91 68 156300000 7620000", 20_000_000)));
        assertTrue(note.contains("GapProbe): core 0 lost 0.16% of 20 s in 8 gaps over 1 ms (37 over 0.2 ms), the "
                + "longest 7.63 ms; the hypervisor's steal time over the same seconds: 30 ms; core 1 lost 0.78%"), note);
        assertTrue(note.contains("the machine's floor, not the server's or the link's"), note);
    }
}
