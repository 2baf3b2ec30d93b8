package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreTimesTest {
    // user nice system idle iowait irq softirq steal guest guest_nice
    private static final String BEFORE = """
            cpu  3000 0 1000 9000 100 0 50 0 0 0
            cpu0 1000 0 500 4000 50 0 25 0 0 0
            cpu1 2000 0 500 5000 50 0 25 0 0 0
            intr 123456 0 0
            ctxt 99999
            procs_running 3
            """;
    private static final String AFTER = """
            cpu  3000 0 1000 9000 100 0 50 0 0 0
            cpu0 1090 0 505 4004 0 0 1 0 7 0
            cpu1 2010 0 510 5080 50 0 25 0 0 0
            intr 123456 0 0
            """;

    @Test
    void busyIsEverythingButIdleAndIoWaitBetweenTwoReadings() {
        CoreTimes before = CoreTimes.parse(BEFORE);
        CoreTimes after = CoreTimes.parse(BEFORE.replace("cpu0 1000 0 500 4000 50 0 25", "cpu0 1090 0 505 4004 50 0 26"));
        // cpu0: busy grew 90 + 5 + 1 = 96 of 100 jiffies.
        assertEquals(0.96, before.busyFraction(after, 0), 1e-12);
        assertEquals(0, before.busyFraction(after, 1), 1e-12, "cpu1 did not move");

        CoreTimes later = CoreTimes.parse(AFTER);
        // cpu1: busy 10 + 10 = 20, idle 80: 20%.
        assertEquals(0.20, before.busyFraction(later, 1), 1e-12);
    }

    @Test
    void aFractionStaysBetweenZeroAndOneWhenCountersMisbehave() {
        CoreTimes before = CoreTimes.parse(BEFORE);
        // cpu0's idle and iowait together fell by 46 (a core's iowait can) while busy grew by 71: 71 busy in 25
        // elapsed is clamped to the whole core.
        double fraction = before.busyFraction(CoreTimes.parse(AFTER), 0);
        assertEquals(1, fraction, 1e-12);
    }

    @Test
    void theAggregateLineAndOtherLinesAreNotCores() {
        CoreTimes times = CoreTimes.parse(BEFORE);
        assertEquals(2, times.busy().length);
        assertEquals(1000 + 500 + 25, times.busy()[0]);
        assertEquals(1000 + 500 + 25 + 4000 + 50, times.total()[0]);
        assertThrows(IllegalArgumentException.class, () -> times.busyFraction(times, 2), "no cpu2");
        assertThrows(IllegalArgumentException.class, () -> CoreTimes.parse("intr 1 2 3\n"), "no core lines");
    }

    @Test
    void thisMachinesProcStatReads() {
        CoreTimes now = CoreTimes.read();
        assertTrue(Runtime.getRuntime().availableProcessors() <= now.busy().length, "a counter line per core");
        assertTrue(now.total()[0] > 0);
    }
}
