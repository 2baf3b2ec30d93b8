package dev.lightpath.report;

/**
 * Series colours and dash patterns. The colours are the Okabe–Ito set, told apart with the common forms of colour
 * blindness (its yellow left out: too faint on white); lines also differ by dash pattern, so they survive a
 * grey-scale print.
 */
final class Palette {
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
    private static final String[] DASHES = {null, "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4", "1 2"};

    private Palette() {
    }

    static String colour(int series) {
        return COLOURS[Math.floorMod(series, COLOURS.length)];
    }

    /** A dash array, or null for a solid line. */
    static String dashes(int series) {
        return DASHES[Math.floorMod(series, DASHES.length)];
    }
}
