package dev.lightpath.report;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedianIntervalTest {
    @Test
    void coverageIsTheBinomialChanceTheMedianFallsBetweenTheOrderStatistics() {
        assertEquals(1 - 2.0 / 32, MedianInterval.coverage(5, 1), 1e-12);
        assertEquals(0.75, MedianInterval.coverage(3, 1), 1e-12);
        assertEquals(0, MedianInterval.coverage(1, 1), 1e-12);
        // n = 9, k = 2: 1 - 2 * (1 + 9) / 512
        assertEquals(1 - 20.0 / 512, MedianInterval.coverage(9, 2), 1e-12);
    }

    @Test
    void fewRepetitionsGiveTheirWholeRangeWithTheCoverageItHas() {
        MedianInterval five = MedianInterval.of(new double[] {12, 10, 50, 11, 13});
        assertEquals(12, five.median());
        assertEquals(10, five.low());
        assertEquals(50, five.high());
        assertEquals("93.8%", five.coverageText());

        MedianInterval three = MedianInterval.of(new double[] {3, 1, 2});
        assertEquals(2, three.median());
        assertEquals(1, three.low());
        assertEquals(3, three.high());
        assertEquals("75%", three.coverageText());

        MedianInterval one = MedianInterval.of(new double[] {7});
        assertEquals(7, one.median());
        assertEquals(0, one.coverage());
        assertEquals(2.5, MedianInterval.of(new double[] {4, 1, 3, 2}).median());
        assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[0]));
    }

    @Test
    void moreRepetitionsNarrowTheIntervalWhileKeepingTheLevel() {
        double[] nine = {9, 1, 8, 2, 7, 3, 6, 4, 5};
        MedianInterval interval = MedianInterval.of(nine);
        assertEquals(5, interval.median());
        assertEquals(2, interval.low(), "the second smallest: k = 2 still holds 95%");
        assertEquals(8, interval.high());
        assertTrue(interval.coverage() >= 0.95);
        assertTrue(MedianInterval.coverage(9, 3) < 0.95, "k = 3 would not");
    }

    @Test
    void theIntervalHoldsTheTrueMedianAsOftenAsItSays() {
        // Skewed samples (exponential, true median ln 2) of 5 values, seeded: about 93.75% of intervals hold it.
        SplittableRandom random = new SplittableRandom(16);
        int trials = 20_000;
        int held = 0;
        for (int t = 0; t < trials; t++) {
            double[] sample = new double[5];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = -Math.log(1 - random.nextDouble());
            }
            MedianInterval interval = MedianInterval.of(sample);
            if (interval.low() <= Math.log(2) && Math.log(2) <= interval.high()) {
                held++;
            }
        }
        assertEquals(0.9375, held / (double) trials, 0.006);
    }
}
