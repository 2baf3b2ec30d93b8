package dev.lightpath.tcp;

/**
 * One core's out-of-order queues: the arrays a connection holds segments beyond a hole in (mbuf, address,
 * sequence, length, {@link TcpConfig#maxOutOfOrderSegments} of each), lent only while it holds one, so an
 * idle connection holds none. Made when the stack starts; lending swaps references, nothing is allocated.
 * There are as many as the core's out-of-order budget can fill at once (each holds at least one of its mbufs),
 * up to one per slot; when none is free, a segment beyond a hole is not kept (the peer sends it again), counted
 * as {@code tcp.out_of_order.no_queue}.
 */
final class OutOfOrderQueues {
    static final long[] NO_LONGS = new long[0];
    static final int[] NO_INTS = new int[0];

    private final long[][] mbuf;
    private final long[][] address;
    private final int[][] seq;
    private final int[][] length;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    OutOfOrderQueues(int queues, int segments, TcpCounters counters) {
        mbuf = new long[queues][segments];
        address = new long[queues][segments];
        seq = new int[queues][segments];
        length = new int[queues][segments];
        free = new int[queues];
        for (int q = queues - 1; q >= 0; q--) {
            free[freeCount++] = q;
        }
        this.counters = counters;
    }

    /** Lends a queue to {@code c}, which holds none; false when all are lent (counted). */
    boolean lend(Connection c) {
        if (freeCount == 0) {
            counters.outOfOrderNoQueue++;
            return false;
        }
        int q = free[--freeCount];
        c.oooQueue = q;
        c.oooMbuf = mbuf[q];
        c.oooAddress = address[q];
        c.oooSeq = seq[q];
        c.oooLength = length[q];
        return true;
    }

    /** Takes back {@code c}'s queue, which holds nothing any more; nothing when it has none. */
    void giveBack(Connection c) {
        if (c.oooQueue < 0) {
            return;
        }
        free[freeCount++] = c.oooQueue;
        c.oooQueue = -1;
        c.oooMbuf = NO_LONGS;
        c.oooAddress = NO_LONGS;
        c.oooSeq = NO_INTS;
        c.oooLength = NO_INTS;
    }

    int available() {
        return freeCount;
    }

    int queues() {
        return free.length;
    }
}
