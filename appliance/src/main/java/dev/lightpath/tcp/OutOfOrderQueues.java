package dev.lightpath.tcp;

/**
 * One core's out-of-order queues ({@link OutOfOrderQueue}, {@link TcpConfig#maxOutOfOrderSegments} segments
 * each), lent only while a connection holds a segment beyond a hole, so an idle connection holds none. Made when
 * the stack starts; lending swaps a reference, nothing is allocated. There are as many as the core's out-of-order
 * budget can fill at once (each holds at least one of its mbufs), up to one per slot; when none is free, a
 * segment beyond a hole is not kept (the peer sends it again), counted as {@code tcp.out_of_order.no_queue}.
 */
final class OutOfOrderQueues {
    private final OutOfOrderQueue[] queues;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    OutOfOrderQueues(int queues, int segments, TcpCounters counters) {
        this.queues = new OutOfOrderQueue[queues];
        free = new int[queues];
        for (int q = queues - 1; q >= 0; q--) {
            this.queues[q] = new OutOfOrderQueue(q, segments);
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
        OutOfOrderQueue q = queues[free[--freeCount]];
        q.recentCount = 0;
        c.ooo = q;
        return true;
    }

    /** Takes back {@code c}'s queue, which holds nothing any more; nothing when it has none. */
    void giveBack(Connection c) {
        if (c.ooo == OutOfOrderQueue.NONE) {
            return;
        }
        free[freeCount++] = c.ooo.index;
        c.ooo = OutOfOrderQueue.NONE;
    }

    int available() {
        return freeCount;
    }

    int queues() {
        return free.length;
    }
}
