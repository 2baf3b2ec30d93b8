package dev.lightpath.tcp;

/**
 * One core's storage for {@link SackScoreboard}s: pairs of range arrays lent to a connection when the peer first
 * SACKs something of its flight, and taken back when the cumulative ACK has passed every range, so an idle
 * connection holds none. There are as many as send queues ({@link TcpConfig#sendQueueCount()}): only a connection
 * with queued bytes has a flight the peer can SACK. When none is free the peer's blocks are not kept (counted as
 * {@code tcp.sack_scoreboards.exhausted}): that connection recovers as without SACK, by duplicate ACKs and timers.
 */
final class SackScoreboards {
    static final int[] NONE = new int[0];

    private final int[][] left;
    private final int[][] right;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    SackScoreboards(int scoreboards, int ranges, TcpCounters counters) {
        left = new int[scoreboards][ranges];
        right = new int[scoreboards][ranges];
        free = new int[scoreboards];
        for (int b = scoreboards - 1; b >= 0; b--) {
            free[freeCount++] = b;
        }
        this.counters = counters;
    }

    /** A scoreboard's arrays to lend, or -1 when all are lent (counted). */
    int take() {
        if (freeCount == 0) {
            counters.sackScoreboardsExhausted++;
            return -1;
        }
        return free[--freeCount];
    }

    int[] left(int board) {
        return left[board];
    }

    int[] right(int board) {
        return right[board];
    }

    void give(int board) {
        free[freeCount++] = board;
    }

    int available() {
        return freeCount;
    }

    int scoreboards() {
        return free.length;
    }
}
