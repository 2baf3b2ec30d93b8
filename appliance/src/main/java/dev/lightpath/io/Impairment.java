package dev.lightpath.io;

import java.util.Locale;

/**
 * What an {@link ImpairedPort} does to frames in one direction, as probabilities per frame: lose it, hold it
 * back behind the next one (reorder), deliver it twice (duplicate), flip one of its bytes (corrupt). The seed
 * makes a run repeatable.
 */
public record Impairment(double loss, double reorder, double duplicate, double corrupt, long seed) {
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 1);

    public Impairment {
        check("loss", loss);
        check("reorder", reorder);
        check("dup", duplicate);
        check("corrupt", corrupt);
    }

    /** True when it changes nothing. */
    public boolean isNone() {
        return loss == 0 && reorder == 0 && duplicate == 0 && corrupt == 0;
    }

    /**
     * Parses {@code loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001,seed=1}: keys in any order, each optional
     * (absent means 0, and seed 1). Throws {@link IllegalArgumentException} naming the bad key or value.
     */
    public static Impairment parse(String text) {
        double loss = 0;
        double reorder = 0;
        double duplicate = 0;
        double corrupt = 0;
        long seed = 1;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty impairment: expected e.g. loss=0.05,reorder=0.01,seed=1");
        }
        for (String item : text.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("impairment item '" + item + "' is not key=value");
            }
            String key = item.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = item.substring(equals + 1).trim();
            try {
                switch (key) {
                    case "loss" -> loss = Double.parseDouble(value);
                    case "reorder" -> reorder = Double.parseDouble(value);
                    case "dup", "duplicate" -> duplicate = Double.parseDouble(value);
                    case "corrupt" -> corrupt = Double.parseDouble(value);
                    case "seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException(
                            "unknown impairment '" + key + "' (loss, reorder, dup, corrupt, seed)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("impairment " + key + ": '" + value + "' is not a number");
            }
        }
        return new Impairment(loss, reorder, duplicate, corrupt, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss=%s,reorder=%s,dup=%s,corrupt=%s,seed=%d",
                loss, reorder, duplicate, corrupt, seed);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("impairment " + name + " must be a probability in 0..1, was " + p);
        }
    }
}
