package dev.lightpath.loadgen;

import java.util.Arrays;

/**
 * One core's lanes ordered by a time each waits for (a request due, a connect allowed, a timeout), earliest
 * first: a binary heap indexed by lane, so that a lane's time can be set, moved or dropped in O(log n) and the
 * due lanes taken one at a time without looking at the others. A duty cycle then costs what is due, not what
 * is held: at a million lanes a walk over all of them would take milliseconds on every cycle. Equal times come
 * out in lane order, so the order is the same from run to run.
 *
 * <p>Made whole for every lane at construction (16 bytes a lane); nothing is allocated afterwards.
 */
final class LaneDeadlines {
    private final int[] heap;
    /** Where each lane sits in {@link #heap}, or -1 when it waits for nothing here. */
    private final int[] position;
    private final long[] time;
    private int size;
    /** Lanes taken from the front since construction: what the duty cycles have looked at. */
    private long taken;

    LaneDeadlines(int lanes) {
        heap = new int[lanes];
        position = new int[lanes];
        time = new long[lanes];
        Arrays.fill(position, -1);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    boolean contains(int lane) {
        return position[lane] >= 0;
    }

    /** The earliest lane, left in place; only when not {@link #isEmpty}. */
    int first() {
        return heap[0];
    }

    /** The time of the earliest lane; only when not {@link #isEmpty}. */
    long firstTime() {
        return time[heap[0]];
    }

    /** True when the earliest lane's time is at or before {@code now}. */
    boolean due(long now) {
        return size > 0 && time[heap[0]] - now <= 0;
    }

    /** The lane's time while it is {@link #contains held}. */
    long time(int lane) {
        return time[lane];
    }

    /** The lane now waits for {@code at}, whether it waited for something else or nothing. */
    void set(int lane, long at) {
        int i = position[lane];
        if (i < 0) {
            time[lane] = at;
            i = size++;
            heap[i] = lane;
            position[lane] = i;
            up(i);
            return;
        }
        long was = time[lane];
        time[lane] = at;
        if (at - was < 0) {
            up(i);
        } else {
            down(i);
        }
    }

    /** The lane waits for {@code at} at the latest: an earlier time it waits for already stands. */
    void atMost(int lane, long at) {
        if (position[lane] < 0 || at - time[lane] < 0) {
            set(lane, at);
        }
    }

    /** Takes the earliest lane out and returns it; only when not {@link #isEmpty}. */
    int takeFirst() {
        int lane = heap[0];
        removeAt(0);
        taken++;
        return lane;
    }

    /** The lane waits for nothing here any more (nothing happens when it did not). */
    void remove(int lane) {
        int i = position[lane];
        if (i >= 0) {
            removeAt(i);
        }
    }

    /** Lanes taken from the front so far: a count of the work the duty cycles did, for tests. */
    long taken() {
        return taken;
    }

    private void removeAt(int i) {
        int lane = heap[i];
        position[lane] = -1;
        int last = heap[--size];
        if (i == size) {
            return;
        }
        heap[i] = last;
        position[last] = i;
        if (i > 0 && before(last, heap[(i - 1) >>> 1])) {
            up(i);
        } else {
            down(i);
        }
    }

    private boolean before(int a, int b) {
        long d = time[a] - time[b];
        return d < 0 || d == 0 && a < b;
    }

    private void up(int i) {
        int lane = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int above = heap[parent];
            if (!before(lane, above)) {
                break;
            }
            heap[i] = above;
            position[above] = i;
            i = parent;
        }
        heap[i] = lane;
        position[lane] = i;
    }

    private void down(int i) {
        int lane = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], lane)) {
                break;
            }
            heap[i] = heap[child];
            position[heap[i]] = i;
            i = child;
        }
        heap[i] = lane;
        position[lane] = i;
    }
}
