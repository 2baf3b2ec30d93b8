package dev.lightpath.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A linear axis from 0 (or a given minimum) to a "nice" maximum: the domain is widened to a whole number of
 * steps of 1, 2, 2.5 or 5 times a power of ten, so the ticks fall on round values.
 */
final class LinearScale implements Scale {
    private final double min;
    private final double max;
    private final double step;
    private final double pixelMin;
    private final double pixelMax;
    private final DoubleFunction<String> label;

    /**
     * @param dataMax   the largest value to show; the domain ends at the next tick at or above it
     * @param pixelMin  where the domain minimum is drawn (e.g. the bottom of a plot, a larger y than pixelMax)
     * @param targetTicks about how many intervals the axis should have
     */
    LinearScale(double min, double dataMax, double pixelMin, double pixelMax, int targetTicks,
                DoubleFunction<String> label) {
        double range = Math.max(dataMax - min, 0);
        this.step = niceStep(range > 0 ? range : 1, targetTicks);
        this.min = min;
        this.max = min + Math.max(1, Math.ceil(range / step - 1e-9)) * step;
        this.pixelMin = pixelMin;
        this.pixelMax = pixelMax;
        this.label = label;
    }

    /** A step of 1, 2, 2.5 or 5 × 10^k that splits {@code range} into about {@code targetTicks} parts. */
    static double niceStep(double range, int targetTicks) {
        double raw = range / Math.max(1, targetTicks);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    double max() {
        return max;
    }

    @Override
    public double toPixel(double value) {
        return pixelMin + (value - min) / (max - min) * (pixelMax - pixelMin);
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        int count = (int) Math.round((max - min) / step);
        for (int i = 0; i <= count; i++) {
            double value = min + i * step;
            ticks.add(new Tick(value, label.apply(value)));
        }
        return ticks;
    }
}
