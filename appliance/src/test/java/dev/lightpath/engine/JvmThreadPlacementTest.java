package dev.lightpath.engine;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmThreadPlacementTest {
    private static BitSet cpus(int... cpus) {
        BitSet set = new BitSet();
        for (int cpu : cpus) {
            set.set(cpu);
        }
        return set;
    }

    @Test
    void theOtherThreadsGetTheAllowedCpusThatRunNoWorker() {
        JvmThreadPlacement placement = new JvmThreadPlacement(cpus(0, 1, 2, 3, 5), List.of(1, 5), Set.of());
        assertTrue(placement.possible());
        assertEquals("0,2-3", placement.restCpus());
    }

    /** Workers on every allowed CPU: nothing to move to, so nothing is moved (and no pass runs). */
    @Test
    void workersOnEveryAllowedCpuLeaveNowhereToMoveTo() {
        try (JvmThreadPlacement placement = new JvmThreadPlacement(cpus(1), List.of(1), Set.of())) {
            assertFalse(placement.possible());
            assertEquals(0, placement.start());
            assertEquals(0, placement.moved());
        }
    }

    @Test
    void cpuSetsAreWrittenAsTheKernelListsThem() {
        assertEquals("0", JvmThreadPlacement.format(cpus(0)));
        assertEquals("0-3,8,10-11", JvmThreadPlacement.format(cpus(0, 1, 2, 3, 8, 10, 11)));
        assertEquals("", JvmThreadPlacement.format(cpus()));
    }

    @Test
    void passesGrowRarerWhileTheyFindNothingAndQuickenWhenOneMovesAThread() {
        long wait = JvmThreadPlacement.FIRST_REPEAT_MILLIS;
        int passes = 0;
        while (wait < JvmThreadPlacement.LAST_REPEAT_MILLIS) {
            wait = JvmThreadPlacement.nextWait(wait, 0);
            passes++;
        }
        assertEquals(JvmThreadPlacement.LAST_REPEAT_MILLIS, wait, "the wait stops growing at its longest");
        assertTrue(passes <= 8, "a minute apart after a few passes, not four times a second: " + passes);
        assertEquals(JvmThreadPlacement.LAST_REPEAT_MILLIS, JvmThreadPlacement.nextWait(wait, 0));
        assertEquals(JvmThreadPlacement.FIRST_REPEAT_MILLIS, JvmThreadPlacement.nextWait(wait, 2),
                "a pass that moved threads is soon followed by another");
    }
}
