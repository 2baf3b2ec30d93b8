package dev.lightpath.time;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CycleClockTest {
    /** A source that counts how often it is read. */
    private static final class CountedSource implements Clock {
        final SimulatedClock time = new SimulatedClock(5_000);
        int reads;

        @Override
        public long nanos() {
            reads++;
            return time.nanos();
        }
    }

    @Test
    void everyReaderSeesTheCycleStartUntilTheNextCycleStarts() {
        CountedSource source = new CountedSource();
        CycleClock clock = new CycleClock(source);
        assertEquals(5_000, clock.nanos());

        source.time.advance(3, TimeUnit.MICROSECONDS);
        assertEquals(5_000, clock.nanos(), "the source moved, but no cycle started");
        assertEquals(8_000, clock.advance());
        source.time.advance(40, TimeUnit.MICROSECONDS);
        for (int i = 0; i < 32; i++) {
            assertEquals(8_000, clock.nanos());
        }
        assertEquals(48_000, clock.advance());
        assertEquals(48_000, clock.nanos());
    }

    @Test
    void theSourceIsReadOncePerCycleHoweverOftenTheClockIsRead() {
        CountedSource source = new CountedSource();
        CycleClock clock = new CycleClock(source);
        int before = source.reads;
        for (int cycle = 0; cycle < 10; cycle++) {
            clock.advance();
            for (int i = 0; i < 100; i++) {
                clock.nanos();
            }
        }
        assertEquals(10, source.reads - before);
    }
}
