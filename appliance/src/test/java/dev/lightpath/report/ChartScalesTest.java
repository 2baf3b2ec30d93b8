package dev.lightpath.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChartScalesTest {
    @Test
    void linearAxisEndsOnARoundTick() {
        LinearScale scale = new LinearScale(0, 1234, 300, 50, 5, AxisLabels::plain);
        assertEquals(List.of("0", "250", "500", "750", "1000", "1250"),
                scale.ticks().stream().map(Tick::label).toList());
        assertEquals(300, scale.toPixel(0), 1e-9);
        assertEquals(50, scale.toPixel(1250), 1e-9);
        assertEquals(1250, scale.max(), 1e-9);
    }

    @Test
    void tickLabelsCarryNoFloatingPointNoise() {
        LinearScale scale = new LinearScale(0, 0.7, 0, 100, 7, AxisLabels::plain);
        assertEquals(List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"),
                scale.ticks().stream().map(Tick::label).toList());
        assertEquals("1.5M", AxisLabels.compact(1_500_000));
        assertEquals("250k", AxisLabels.compact(250_000));
    }

    @Test
    void anEmptyAxisStillHasARange() {
        LinearScale scale = new LinearScale(0, 0, 200, 0, 5, AxisLabels::plain);
        assertEquals(200, scale.toPixel(0), 1e-9);
        assertEquals(0, scale.toPixel(scale.max()), 1e-9);
    }

    @Test
    void percentileAxisSpacesEveryNineEqually() {
        PercentileScale scale = new PercentileScale(4, 100, 500);
        assertEquals(List.of("0%", "90%", "99%", "99.9%", "99.99%"), scale.ticks().stream().map(Tick::label).toList());
        assertEquals(100, scale.toPixel(scale.ofPercentile(0)), 1e-9);
        assertEquals(200, scale.toPixel(scale.ofPercentile(90)), 1e-9);
        assertEquals(300, scale.toPixel(scale.ofPercentile(99)), 1e-9);
        assertEquals(400, scale.toPixel(scale.ofPercentile(99.9)), 1e-6);
        assertEquals(500, scale.toPixel(scale.ofPercentile(100)), 1e-9, "100% is drawn at the end");
        assertEquals(150, scale.toPixel(scale.ofPercentile(100 - 100 / Math.sqrt(10))), 1e-9);
    }

    @Test
    void percentileAxisReachesAsFarAsTheSamplesDo() {
        assertEquals(2, PercentileScale.ninesFor(10));
        assertEquals(3, PercentileScale.ninesFor(1000));
        assertEquals(5, PercentileScale.ninesFor(50_000));
        assertEquals(6, PercentileScale.ninesFor(1_000_000_000));
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(3, RunFigures.median(new double[] {5, 1, 3}), 0);
        assertEquals(2.5, RunFigures.median(new double[] {4, 1, 3, 2}), 0);
    }

    @Test
    void svgTextAndNumbersAreSafe() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", Svg.escape("<a href=\"x\"> & '"));
        assertEquals("12.5", Svg.num(12.5));
        assertEquals("3", Svg.num(3.0001));
        assertEquals("0", Svg.num(-0.001));
    }
}
