package dev.lightpath.tcp;

/**
 * The core's budget of mbufs held for out-of-order data, across all its connections. Each connection has its
 * own bound, but a few thousand connections each holding theirs would empty the packet pool and starve the
 * receive ring, which is how a peer that sends only holes takes a server down. Past the budget the segment
 * held longest, whichever connection holds it, is given up (RFC 2018 lets a receiver renege on what it
 * SACKed; the sender retransmits it after a timeout).
 *
 * <p>Holds are remembered in arrival order in a ring of (slot, mbuf) pairs. Segments leave their connection
 * in many ways (delivered, freed at close); their ring entries are not chased but skipped when found stale,
 * and the ring, twice the budget, is compacted when full. No allocation after construction.
 */
final class OutOfOrderBudget {
    private final int limit;
    private final int[] slots;
    private final long[] mbufs;
    private int head;
    private int count;
    private int held;
    private long lastMbuf;

    OutOfOrderBudget(int limit) {
        this.limit = Math.max(1, limit);
        this.slots = new int[2 * this.limit];
        this.mbufs = new long[2 * this.limit];
    }

    int limit() {
        return limit;
    }

    /** Mbufs held out of order on this core now. */
    int held() {
        return held;
    }

    boolean full() {
        return held >= limit;
    }

    /** A connection took {@code mbuf} into its out-of-order queue. */
    void holding(int slot, long mbuf, Connection[] connections) {
        if (count == slots.length) {
            compact(connections);
            if (count == slots.length) {
                // Only when an mbuf was re-held by the connection that held it before (two live entries for one
                // hold): the oldest entry goes, the next pruning finds the other.
                head = (head + 1) % slots.length;
                count--;
            }
        }
        int i = (head + count) % slots.length;
        slots[i] = slot;
        mbufs[i] = mbuf;
        count++;
        held++;
    }

    /** {@code n} held mbufs left their queues (delivered in order, or freed). */
    void released(int n) {
        held -= n;
    }

    /**
     * Removes the oldest entry still held and returns its slot, with its mbuf in {@link #lastMbuf()}; -1 when
     * no entry is held. The caller takes the mbuf out of that connection and reports it {@link #released}.
     */
    int takeOldest(Connection[] connections) {
        while (count > 0) {
            int slot = slots[head];
            long mbuf = mbufs[head];
            head = (head + 1) % slots.length;
            count--;
            if (connections[slot].indexOfHeld(mbuf) >= 0) {
                lastMbuf = mbuf;
                return slot;
            }
        }
        return -1;
    }

    long lastMbuf() {
        return lastMbuf;
    }

    private void compact(Connection[] connections) {
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int i = (head + k) % slots.length;
            if (connections[slots[i]].indexOfHeld(mbufs[i]) >= 0) {
                int j = (head + kept) % slots.length;
                slots[j] = slots[i];
                mbufs[j] = mbufs[i];
                kept++;
            }
        }
        count = kept;
    }
}
