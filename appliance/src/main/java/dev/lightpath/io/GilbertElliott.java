package dev.lightpath.io;

import java.util.Locale;

/**
 * Burst loss as the Gilbert-Elliott model has it: a link in one of two states, good or bad, moving from good to
 * bad with probability {@code p} and back with probability {@code r} at each frame, and losing a frame with
 * probability {@code goodLoss} in the good state and {@code badLoss} in the bad one (1-k and 1-h in the usual
 * notation). With goodLoss 0 and badLoss 1 it is Gilbert's simple model: losses come in bursts of mean length
 * 1/r.
 */
public record GilbertElliott(double p, double r, double goodLoss, double badLoss) {
    public static final GilbertElliott NONE = new GilbertElliott(0, 1, 0, 0);

    public GilbertElliott {
        probability("ge p", p);
        probability("ge r", r);
        probability("ge good", goodLoss);
        probability("ge bad", badLoss);
        if (p > 0 && r == 0) {
            throw new IllegalArgumentException("impairment ge r must be above 0 when p is: the bad state would never end");
        }
    }

    /** True when no frame can be lost by it. */
    public boolean isNone() {
        return goodLoss == 0 && (p == 0 || badLoss == 0);
    }

    /** The share of frames the chain spends in the bad state in the long run: p / (p + r). */
    public double badShare() {
        return p == 0 ? 0 : p / (p + r);
    }

    /** The long-run loss rate: each state's share times its loss. */
    public double stationaryLoss() {
        double bad = badShare();
        return (1 - bad) * goodLoss + bad * badLoss;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p:%s/r:%s/good:%s/bad:%s", p, r, goodLoss, badLoss);
    }

    static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("impairment " + name + " must be a probability in 0..1, was " + value);
        }
    }
}
