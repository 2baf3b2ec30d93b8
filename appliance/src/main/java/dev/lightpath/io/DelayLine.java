package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;

/**
 * Frames in flight on a link, each with the time it arrives at the far end, handed on in order of that time
 * (and of entry, for equal times, so a link without jitter keeps the order exactly). A binary heap in three
 * preallocated arrays: no allocation per frame, {@code log n} per frame.
 */
final class DelayLine {
    private final long[] due;
    private final long[] entry;
    private final long[] mbufs;
    private int size;
    private long entries;

    DelayLine(int capacity) {
        due = new long[capacity];
        entry = new long[capacity];
        mbufs = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == mbufs.length;
    }

    /** The earliest time a frame is due; {@link Long#MAX_VALUE} when none is in flight. */
    long nextDue() {
        return size == 0 ? Long.MAX_VALUE : due[0];
    }

    /** Puts a frame in flight; false (the frame not taken) when the line is full. */
    boolean offer(long mbuf, long dueNanos) {
        if (size == mbufs.length) {
            return false;
        }
        int i = size++;
        long order = entries++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(dueNanos, order, due[parent], entry[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        place(i, dueNanos, order, mbuf);
        return true;
    }

    /**
     * Moves the frames due by {@code now} into {@code into}, earliest first, as long as it has more than
     * {@code reserve} slots free; the rest stay, due, until the next call.
     */
    int release(long now, MbufBurst into, int reserve) {
        int n = 0;
        while (size > 0 && due[0] <= now && into.remaining() > reserve) {
            into.add(poll());
            n++;
        }
        return n;
    }

    /** Gives every frame in flight back to the pool. */
    void freeAll(PacketPool pool) {
        for (int i = 0; i < size; i++) {
            pool.free(mbufs[i]);
            mbufs[i] = 0;
        }
        size = 0;
    }

    private long poll() {
        long head = mbufs[0];
        int last = --size;
        if (last > 0) {
            long d = due[last];
            long e = entry[last];
            long m = mbufs[last];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= last) {
                    break;
                }
                if (child + 1 < last && before(due[child + 1], entry[child + 1], due[child], entry[child])) {
                    child++;
                }
                if (!before(due[child], entry[child], d, e)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            place(i, d, e, m);
        }
        mbufs[last] = 0;
        return head;
    }

    private static boolean before(long dueA, long entryA, long dueB, long entryB) {
        return dueA < dueB || (dueA == dueB && entryA < entryB);
    }

    private void move(int from, int to) {
        due[to] = due[from];
        entry[to] = entry[from];
        mbufs[to] = mbufs[from];
    }

    private void place(int i, long d, long e, long m) {
        due[i] = d;
        entry[i] = e;
        mbufs[i] = m;
    }
}
