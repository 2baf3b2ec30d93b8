package dev.lightpath.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** Tick label text: round values without floating-point noise (0.3, not 0.30000000000000004). */
final class AxisLabels {
    private AxisLabels() {
    }

    /** The value to four significant digits, trailing zeros dropped: 0.25, 12, 1500. */
    static String plain(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    /** A count with a metric suffix: 500, 50k, 1.5M, 2G. */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return plain(value / 1e9) + "G";
        }
        if (abs >= 1e6) {
            return plain(value / 1e6) + "M";
        }
        if (abs >= 1e3) {
            return plain(value / 1e3) + "k";
        }
        return plain(value);
    }
}
