package dev.lightpath.report;

import java.util.Arrays;

/**
 * The median of a few repetitions and a distribution-free confidence interval for it: the order statistics
 * x(k) and x(n+1-k) of the sorted values, which hold the true median with probability
 * 1 - 2 * P(Binomial(n, 1/2) < k), whatever the distribution. The interval is the narrowest whose coverage is at
 * least the level asked; with too few repetitions to reach it (fewer than 6 for 95%), it is the widest one, the
 * minimum to the maximum, and {@link #coverage} says how sure it is (93.75% for 5 repetitions, 75% for 3, none
 * for 1). A bootstrap would claim more than 3 or 5 values can tell; this claims exactly what they can.
 *
 * @param median   the middle value, or the mean of the two middle ones for an even count
 * @param low      the interval's lower end, an observed value
 * @param high     the interval's upper end, an observed value
 * @param coverage the probability that the interval holds the true median, from 0 (one value) to below 1
 */
public record MedianInterval(double median, double low, double high, double coverage) {
    public static final double LEVEL = 0.95;

    public static MedianInterval of(double[] values) {
        return of(values, LEVEL);
    }

    public static MedianInterval of(double[] values, double level) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= level) {
            k++;
        }
        return new MedianInterval(median, sorted[k - 1], sorted[n - k], coverage(n, k));
    }

    /** The probability that [x(k), x(n+1-k)] holds the median of the distribution n values were drawn from. */
    static double coverage(int n, int k) {
        double below = 0;
        double term = Math.pow(0.5, n);
        for (int i = 0; i < k; i++) {
            below += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * below);
    }

    /** "93.8%": the coverage as a reader meets it beside the interval. */
    public String coverageText() {
        double percent = coverage * 100;
        return percent == Math.rint(percent) ? String.format(java.util.Locale.ROOT, "%.0f%%", percent)
                : String.format(java.util.Locale.ROOT, "%.1f%%", percent);
    }
}
