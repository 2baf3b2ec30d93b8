package dev.lightpath.bench.e2e;

import dev.lightpath.engine.DutyCycleCounters;
import dev.lightpath.metrics.SharedCounters;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class EngineBusyTest {
    @Test
    void readsTheWorkersBusyTimeSummedOverTheirCores(@TempDir Path dir) {
        Path file = dir.resolve("server.counters");
        DutyCycleCounters first = new DutyCycleCounters();
        DutyCycleCounters second = new DutyCycleCounters();
        first.cycle(0, 1);
        first.cycle(400, 0);
        second.cycle(0, 2);
        second.cycle(100, 0);
        try (SharedCounters shared = new SharedCounters(file, List.of(3, 5), List.of(first, second),
                SharedCounters.DEFAULT_INTERVAL_NANOS, SystemEpochClock.INSTANCE)) {
            shared.publisher(0).publish();
            shared.publisher(1).publish();
            EngineBusy busy = EngineBusy.read(file);
            assertNotNull(busy);
            assertEquals(500, busy.busyNanos());
        }
        assertNull(EngineBusy.read(file), "a stopped process's file is gone, and nothing is read");
    }

    @Test
    void theBusyShareIsBusyTimeOverElapsedTimeWithinZeroAndOne() {
        EngineBusy before = new EngineBusy(1_000, 10_000);
        assertEquals(0.25, before.busyFraction(new EngineBusy(3_500, 20_000)), 1e-9);
        assertEquals(1.0, before.busyFraction(new EngineBusy(50_000, 20_000)), 1e-9);
        assertEquals(0.0, before.busyFraction(new EngineBusy(1_000, 10_000)), 1e-9);
    }

    @Test
    void aFileThatIsNotACountersFileReadsAsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.counters");
        Files.writeString(file, "not counters");
        assertNull(EngineBusy.read(file));
    }
}
