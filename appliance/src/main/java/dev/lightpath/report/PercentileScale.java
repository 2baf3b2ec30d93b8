package dev.lightpath.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The x axis of an HdrHistogram percentile plot: the domain is 1/(1 - percentile/100), drawn on a log scale, so
 * 0%, 90%, 99%, 99.9%, ... are equally spaced and the tail gets as much room as the body.
 */
final class PercentileScale implements Scale {
    private final int nines;
    private final double pixelMin;
    private final double pixelMax;

    /** @param nines how many nines the axis reaches: 3 ends at 99.9% (1/(1-p) = 1000) */
    PercentileScale(int nines, double pixelMin, double pixelMax) {
        if (nines < 1) {
            throw new IllegalArgumentException("at least one nine: " + nines);
        }
        this.nines = nines;
        this.pixelMin = pixelMin;
        this.pixelMax = pixelMax;
    }

    /** Enough nines to show the tail of {@code count} samples: the last percentile with a sample behind it. */
    static int ninesFor(long count) {
        return (int) Math.max(2, Math.min(6, Math.ceil(Math.log10(Math.max(count, 1)))));
    }

    /** The domain value of a percentile (0..100); 100% itself lies off the axis and is drawn at its end. */
    double ofPercentile(double percentile) {
        double remaining = 1 - percentile / 100;
        return remaining <= 0 ? Math.pow(10, nines) : Math.min(1 / remaining, Math.pow(10, nines));
    }

    @Override
    public double toPixel(double value) {
        return pixelMin + Math.log10(Math.max(1, value)) / nines * (pixelMax - pixelMin);
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; k <= nines; k++) {
            ticks.add(new Tick(Math.pow(10, k), label(k)));
        }
        return ticks;
    }

    /** 0%, 90%, 99%, 99.9%, ... for k nines. */
    private static String label(int k) {
        if (k == 0) {
            return "0%";
        }
        BigDecimal percent = BigDecimal.valueOf(100).subtract(BigDecimal.ONE.movePointLeft(k - 2));
        return percent.stripTrailingZeros().toPlainString() + "%";
    }
}
