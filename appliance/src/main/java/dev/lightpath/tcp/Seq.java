package dev.lightpath.tcp;

/** Sequence number comparisons modulo 2^32 (RFC 9293 3.4): valid while the two are less than 2^31 apart. */
final class Seq {
    private Seq() {
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** {@code low <= x < high}. */
    static boolean inWindow(int x, int low, int high) {
        return x - low >= 0 && x - high < 0;
    }
}
