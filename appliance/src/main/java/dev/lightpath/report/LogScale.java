package dev.lightpath.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A base-10 logarithmic axis over whole decades, ticked at 1, 2 and 5 times each power of ten: latencies that
 * stay near a tenth of a millisecond and then jump to tens of milliseconds past a knee share one readable axis.
 */
final class LogScale implements Scale {
    private final double lowDecade;
    private final double highDecade;
    private final double pixelMin;
    private final double pixelMax;
    private final DoubleFunction<String> label;

    /** Spans whole decades around [dataMin, dataMax], both positive; at least one decade. */
    LogScale(double dataMin, double dataMax, double pixelMin, double pixelMax, DoubleFunction<String> label) {
        if (!(dataMin > 0 && dataMax >= dataMin)) {
            throw new IllegalArgumentException("a log axis needs 0 < min <= max: " + dataMin + ", " + dataMax);
        }
        this.lowDecade = Math.floor(Math.log10(dataMin) + 1e-9);
        this.highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(dataMax) - 1e-9));
        this.pixelMin = pixelMin;
        this.pixelMax = pixelMax;
        this.label = label;
    }

    @Override
    public double toPixel(double value) {
        double position = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
        return pixelMin + position * (pixelMax - pixelMin);
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        boolean fine = highDecade - lowDecade <= 3;
        for (double decade = lowDecade; decade <= highDecade; decade++) {
            double base = Math.pow(10, decade);
            ticks.add(new Tick(base, label.apply(base)));
            if (fine && decade < highDecade) {
                ticks.add(new Tick(2 * base, label.apply(2 * base)));
                ticks.add(new Tick(5 * base, label.apply(5 * base)));
            }
        }
        return ticks;
    }
}
