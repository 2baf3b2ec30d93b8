package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lanes by time: against a sorted set of (time, lane) under a seeded mix of sets, moves, removals and takes. */
class LaneDeadlinesTest {
    record Entry(long time, int lane) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Integer.compare(lane, o.lane);
        }
    }

    @Test
    void lanesComeOutEarliestFirstAndInLaneOrderAtEqualTimes() {
        LaneDeadlines deadlines = new LaneDeadlines(5);
        deadlines.set(4, 100);
        deadlines.set(1, 100);
        deadlines.set(3, 50);
        deadlines.set(0, 200);
        deadlines.set(3, 300);          // moved later
        deadlines.atMost(0, 250);       // an earlier time stands
        deadlines.atMost(2, 100);
        assertFalse(deadlines.due(99));
        assertTrue(deadlines.due(100));
        assertEquals(1, deadlines.takeFirst());
        assertEquals(2, deadlines.takeFirst());
        assertEquals(4, deadlines.takeFirst());
        assertEquals(0, deadlines.takeFirst());
        assertEquals(300, deadlines.firstTime());
        assertEquals(3, deadlines.takeFirst());
        assertTrue(deadlines.isEmpty());
        assertEquals(5, deadlines.taken());
    }

    @Test
    void timesNearTheClocksWrapAreOrderedByDifference() {
        LaneDeadlines deadlines = new LaneDeadlines(2);
        deadlines.set(0, Long.MIN_VALUE + 5);   // after Long.MAX_VALUE - 5 on a clock that wrapped
        deadlines.set(1, Long.MAX_VALUE - 5);
        assertEquals(1, deadlines.takeFirst());
        assertEquals(0, deadlines.takeFirst());
    }

    @Test
    void matchesASortedSetUnderRandomChanges() {
        int lanes = 2_000;
        LaneDeadlines deadlines = new LaneDeadlines(lanes);
        TreeSet<Entry> reference = new TreeSet<>();
        Entry[] held = new Entry[lanes];
        Random random = new Random(19);
        for (int step = 0; step < 200_000; step++) {
            int lane = random.nextInt(lanes);
            int op = random.nextInt(10);
            if (op < 4) {
                long time = random.nextInt(10_000);
                if (held[lane] != null) {
                    reference.remove(held[lane]);
                }
                held[lane] = new Entry(time, lane);
                reference.add(held[lane]);
                deadlines.set(lane, time);
            } else if (op < 6) {
                long time = random.nextInt(10_000);
                if (held[lane] == null || time < held[lane].time) {
                    if (held[lane] != null) {
                        reference.remove(held[lane]);
                    }
                    held[lane] = new Entry(time, lane);
                    reference.add(held[lane]);
                }
                deadlines.atMost(lane, time);
            } else if (op < 7) {
                if (held[lane] != null) {
                    reference.remove(held[lane]);
                    held[lane] = null;
                }
                deadlines.remove(lane);
            } else if (!reference.isEmpty()) {
                Entry first = reference.pollFirst();
                held[first.lane] = null;
                assertEquals(first.time, deadlines.firstTime(), "step " + step);
                assertEquals(first.lane, deadlines.takeFirst(), "step " + step);
            }
            assertEquals(reference.size(), deadlines.size());
            assertEquals(held[lane] != null, deadlines.contains(lane));
        }
    }
}
