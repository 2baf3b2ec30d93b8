package dev.lightpath.tcp;

import dev.lightpath.wire.TcpOptions;

/**
 * What a connection holds beyond a hole while it holds anything there: its segments (mbuf, address, sequence,
 * length, sorted by sequence) and the start sequences of its latest out-of-order arrivals, newest first, which
 * order the SACK blocks it sends (RFC 2018 section 4). Lent by the core's {@link OutOfOrderQueues}; both lists
 * describe the same episode (out-of-order data held since the hole opened), and go back together when the hole
 * fills, so a slot with nothing out of order holds neither.
 */
final class OutOfOrderQueue {
    /** What a connection holding nothing out of order points to: no room for a segment or an arrival. */
    static final OutOfOrderQueue NONE = new OutOfOrderQueue(-1, 0, 0);

    /** Its number in the pool; -1 for {@link #NONE}. */
    final int index;
    final long[] mbuf;
    final long[] address;
    final int[] seq;
    final int[] length;
    final int[] recentArrivals;
    int recentCount;

    OutOfOrderQueue(int index, int segments) {
        this(index, segments, TcpOptions.MAX_SACK_BLOCKS);
    }

    private OutOfOrderQueue(int index, int segments, int arrivals) {
        this.index = index;
        this.mbuf = new long[segments];
        this.address = new long[segments];
        this.seq = new int[segments];
        this.length = new int[segments];
        this.recentArrivals = new int[arrivals];
    }

    /** Moves the {@code count} segments from position {@code from} to {@code to}, all four columns alike. */
    void move(int from, int to, int count) {
        System.arraycopy(mbuf, from, mbuf, to, count);
        System.arraycopy(address, from, address, to, count);
        System.arraycopy(seq, from, seq, to, count);
        System.arraycopy(length, from, length, to, count);
    }

    /** Remembers the newest arrival beyond the hole: its SACK block goes first. Nothing for {@link #NONE}. */
    void arrived(int sequence) {
        if (recentArrivals.length == 0) {
            return;
        }
        int n = Math.min(recentCount, recentArrivals.length - 1);
        System.arraycopy(recentArrivals, 0, recentArrivals, 1, n);
        recentArrivals[0] = sequence;
        recentCount = n + 1;
    }
}
