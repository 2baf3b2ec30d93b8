package dev.lightpath.tcp;

/**
 * One core's send queues: the arrays a connection queues what it sends in (address, length, and whether the
 * bytes are in its copy area; {@link TcpConfig#sendQueueEntries} of each), lent when the application queues
 * bytes with nothing queued, and taken back once the peer has acknowledged everything, so an idle connection
 * holds none. Made when the stack starts; lending swaps references, nothing is allocated. When all are lent the
 * connection cannot queue (counted as {@code tcp.send_queues.exhausted}) and waits in {@link SendWaiters} for one.
 */
final class SendQueues {
    static final long[] NO_LONGS = new long[0];
    static final int[] NO_INTS = new int[0];
    static final boolean[] NO_BOOLEANS = new boolean[0];

    private final long[][] address;
    private final int[][] length;
    private final boolean[][] copy;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    SendQueues(int queues, int entries, TcpCounters counters) {
        if (queues < 1) {
            throw new IllegalArgumentException("a core needs at least one send queue: " + queues);
        }
        address = new long[queues][entries];
        length = new int[queues][entries];
        copy = new boolean[queues][entries];
        free = new int[queues];
        for (int q = queues - 1; q >= 0; q--) {
            free[freeCount++] = q;
        }
        this.counters = counters;
    }

    /** Lends a queue to {@code c} unless it holds one; false when all are lent (counted). */
    boolean lend(Connection c) {
        if (c.queue >= 0) {
            return true;
        }
        if (freeCount == 0) {
            counters.sendQueuesExhausted++;
            return false;
        }
        int q = free[--freeCount];
        c.queue = q;
        c.queueAddress = address[q];
        c.queueLength = length[q];
        c.queueCopy = copy[q];
        c.queueHead = 0;
        return true;
    }

    /** Takes back {@code c}'s queue, which holds nothing any more; nothing when it has none. */
    void giveBack(Connection c) {
        if (c.queue < 0) {
            return;
        }
        free[freeCount++] = c.queue;
        c.queue = -1;
        c.queueAddress = NO_LONGS;
        c.queueLength = NO_INTS;
        c.queueCopy = NO_BOOLEANS;
        c.queueHead = 0;
    }

    /** Queues not lent: all of them once every connection is idle. */
    int available() {
        return freeCount;
    }

    int queues() {
        return free.length;
    }
}
