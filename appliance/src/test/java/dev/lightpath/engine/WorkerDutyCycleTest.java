package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.FrameProcessor;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.time.CycleClock;
import dev.lightpath.time.SimulatedClock;
import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerDutyCycleTest {
    /** Work that takes time on the simulated clock: each busy poll costs {@code costNanos}. */
    private static final class TimedWork implements FrameProcessor {
        private final SimulatedClock clock;
        private final long costNanos;
        private int pending;

        TimedWork(SimulatedClock clock, long costNanos) {
            this.clock = clock;
            this.costNanos = costNanos;
        }

        @Override
        public void process(MbufBurst frames, long nowNanos) {
        }

        @Override
        public int poll(long nowNanos) {
            if (pending == 0) {
                return 0;
            }
            pending--;
            clock.advanceNanos(costNanos);
            return 1;
        }

        @Override
        public int flush() {
            return 0;
        }
    }

    @Test
    void busyTimeIsTheTimeOfCyclesThatFoundWorkAndIdleWaitingIsNot() {
        SimulatedClock clock = new SimulatedClock(1_000);
        TimedWork work = new TimedWork(clock, 300);
        DutyCycleCounters duty = new DutyCycleCounters();
        Worker worker = new Worker(0, new PacketPort[] {MemoryPort.loopback(0x02_00_00_00_00_01L)}, 0, work, null,
                new CycleClock(clock), duty);

        for (int round = 0; round < 10; round++) {
            work.pending = 3;
            for (int i = 0; i < 5; i++) {
                if (worker.doWork() == 0) {
                    clock.advanceNanos(2_000); // the idle strategy waits only after a cycle without work
                }
            }
        }
        worker.doWork();

        assertEquals(51, duty.cycles());
        assertEquals(30, duty.busyCycles());
        assertEquals(30 * 300, duty.busyNanos());
        TreeMap<String, Long> counters = new TreeMap<>();
        duty.forEach(counters::put);
        assertEquals(9_000L, counters.get("engine.busy_ns"));
        assertEquals(51L, counters.get("engine.cycles"));
        assertEquals(30L, counters.get("engine.cycles.busy"));
        worker.onClose();
    }

    @Test
    void aWorkerThatNeverFindsWorkIsNeverBusy() {
        SimulatedClock clock = new SimulatedClock();
        DutyCycleCounters duty = new DutyCycleCounters();
        Worker worker = new Worker(0, new PacketPort[] {MemoryPort.loopback(0x02_00_00_00_00_01L)}, 0,
                new TimedWork(clock, 300), null, new CycleClock(clock), duty);
        for (int i = 0; i < 100; i++) {
            worker.doWork();
            clock.advanceNanos(1_000);
        }
        assertEquals(100, duty.cycles());
        assertEquals(0, duty.busyNanos());
    }

    @Test
    void aCycleThatStartsLateIsAStallAndTheLongestIsKept() {
        DutyCycleCounters duty = new DutyCycleCounters();
        duty.cycle(1_000_000, 1);
        duty.cycle(1_050_000, 0);             // 50 us later: a cycle's work
        duty.cycle(1_450_000, 0);             // 400 us: held up
        duty.cycle(1_460_000, 1);
        duty.cycle(4_460_000, 0);             // 3 ms: held up longer
        duty.cycle(4_460_000 + DutyCycleCounters.STALL_NANOS, 0);  // exactly the bound: not a stall
        assertEquals(2, duty.stalls());
        assertEquals(3_000_000, duty.longestStallNanos());
        TreeMap<String, Long> counters = new TreeMap<>();
        duty.forEach(counters::put);
        assertEquals(2L, counters.get("engine.stalls"));
        assertEquals(3_000_000L, counters.get("engine.stall_max_ns"));
    }

    @Test
    void aWorkerThatWaitsWhenIdleCountsOnlyLateStartsAfterWork() {
        DutyCycleCounters duty = new DutyCycleCounters(false);
        duty.cycle(1_000_000, 0);
        duty.cycle(2_000_000, 0);             // a millisecond's park after an idle cycle: its own choice
        duty.cycle(2_010_000, 1);
        duty.cycle(2_610_000, 0);             // 600 us after work: held up
        assertEquals(1, duty.stalls());
        assertEquals(600_000, duty.longestStallNanos());
    }
}
