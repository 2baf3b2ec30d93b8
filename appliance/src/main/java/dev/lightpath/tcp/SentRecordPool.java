package dev.lightpath.tcp;

/**
 * One core's storage for {@link SentSegments}: a bounded number of blocks of {@link SentSegments#CAPACITY}
 * transmission records, lent to a connection only while it has data in flight, so that an idle connection
 * holds none. Every block and one spare record per connection slot live in five arrays made when the stack
 * starts: lending and returning a block moves an index, nothing is allocated.
 *
 * <p>The spare record is what a connection times its flight with when every block is lent: the whole flight as
 * one range, so a loss in it is found later (by a later delivery or the timers), never sooner; counted
 * ({@code tcp.sent_records.exhausted}).
 */
final class SentRecordPool {
    final int[] start;
    final int[] end;
    final long[] sent;
    final int[] order;
    final byte[] flags;
    private final int blocks;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    SentRecordPool(int blocks, int slots, TcpCounters counters) {
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks of sent records cannot be negative: " + blocks);
        }
        int records = Math.addExact(Math.multiplyExact(blocks, SentSegments.CAPACITY), slots);
        this.start = new int[records];
        this.end = new int[records];
        this.sent = new long[records];
        this.order = new int[records];
        this.flags = new byte[records];
        this.blocks = blocks;
        this.free = new int[blocks];
        for (int b = blocks - 1; b >= 0; b--) {
            free[freeCount++] = b;
        }
        this.counters = counters;
    }

    /** A block to lend, or -1 when all are lent (counted). */
    int take() {
        if (freeCount == 0) {
            counters.sentRecordsExhausted++;
            return -1;
        }
        return free[--freeCount];
    }

    void give(int block) {
        free[freeCount++] = block;
    }

    /** Where block {@code block}'s records begin in the arrays. */
    int blockBase(int block) {
        return block * SentSegments.CAPACITY;
    }

    /** Where the spare record of connection slot {@code slot} is. */
    int spareBase(int slot) {
        return blocks * SentSegments.CAPACITY + slot;
    }

    /** Blocks not lent: all of them once every connection is idle. */
    int available() {
        return freeCount;
    }

    int blocks() {
        return blocks;
    }
}
