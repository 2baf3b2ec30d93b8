package dev.lightpath.tcp;

/**
 * A hashed timer wheel whose entries are the connection slots themselves: at most one timer a slot, each slot
 * linked into its spoke's circular list through two ints, its deadline beside them. It costs 16 bytes a slot and
 * 8 a spoke however many timers one tick holds, and never grows: every slot can be in one spoke at once.
 *
 * <p>A wheel that keeps an array of deadlines per spoke (Agrona's {@code DeadlineTimerWheel}) must size each
 * spoke for the most timers one tick can hold, which with every connection possibly due in the same tick is the
 * whole table again for every spoke, and scans the whole spoke array each tick. Here a tick costs the timers in
 * its spoke. The timing is that wheel's: a timer is placed in the spoke of its deadline's tick (or of the current
 * tick when that has passed) and fires at the first poll once that tick has ended and its deadline has come, or
 * sooner when a poll comes more than a rotation late and its catch-up walks the spoke with the timer due. A spoke
 * also holds the timers of later rotations, which wait.
 */
final class SlotTimerWheel {
    /** Told of each timer that fires; its slot is already off the wheel, and may be scheduled again. */
    interface Expiry {
        void onExpiry(int slot, long now);
    }

    private static final int UNLINKED = -1;

    private final int slots;
    private final int spokeMask;
    private final int tickShift;
    private final long start;
    /** Links of slots 0..slots-1, then one sentinel per spoke, then the sentinel of the spoke being scanned. */
    private final int[] next;
    private final int[] previous;
    private final long[] deadlines;
    private final int scanning;
    private long currentTick;
    private int count;
    /** A spoke is being walked: timers set now for a tick already come go to the next one. */
    private boolean walking;

    /**
     * @param spokes a power of two: the ticks in one rotation
     * @param tickShift a tick is {@code 1 << tickShift} nanoseconds
     */
    SlotTimerWheel(int slots, long startNanos, int tickShift, int spokes) {
        if (Integer.bitCount(spokes) != 1) {
            throw new IllegalArgumentException("spokes must be a power of two: " + spokes);
        }
        this.slots = slots;
        this.spokeMask = spokes - 1;
        this.tickShift = tickShift;
        this.start = startNanos;
        this.next = new int[slots + spokes + 1];
        this.previous = new int[slots + spokes + 1];
        this.deadlines = new long[slots];
        this.scanning = slots + spokes;
        for (int i = 0; i < slots; i++) {
            next[i] = previous[i] = UNLINKED;
        }
        for (int sentinel = slots; sentinel < next.length; sentinel++) {
            next[sentinel] = previous[sentinel] = sentinel;
        }
    }

    boolean scheduled(int slot) {
        return next[slot] != UNLINKED;
    }

    /** The deadline of the slot's timer; meaningful only while {@link #scheduled}. */
    long deadline(int slot) {
        return deadlines[slot];
    }

    int timerCount() {
        return count;
    }

    /** When the current tick ends: it is scanned by the first poll at or after this time. */
    long currentTickTime() {
        return ((currentTick + 1) << tickShift) + start;
    }

    /** Sets the slot's one timer to {@code deadline}, replacing any it had. */
    void schedule(int slot, long deadline) {
        cancel(slot);
        // Never behind the tick being walked, where it would wait a whole rotation; a timer already due set from
        // a firing one goes to the next tick, so that a walk always ends.
        long tick = Math.max((deadline - start) >> tickShift, walking ? currentTick + 1 : currentTick);
        deadlines[slot] = deadline;
        linkBefore(slot, slots + (int) (tick & spokeMask));
        count++;
    }

    void cancel(int slot) {
        if (next[slot] != UNLINKED) {
            unlink(slot);
            count--;
        }
    }

    /**
     * Fires the timers of every tick that has ended by {@code now}, tick by tick, each whose deadline has come;
     * stretches with no timer at all are skipped at once. Returns how many fired.
     */
    int poll(long now, Expiry expiry) {
        int fired = 0;
        while (currentTickTime() <= now) {
            if (count == 0) {
                currentTick = (now - start) >> tickShift;
                break;
            }
            fired += expireCurrentTick(now, expiry);
            currentTick++;
        }
        return fired;
    }

    private int expireCurrentTick(long now, Expiry expiry) {
        int sentinel = slots + (int) (currentTick & spokeMask);
        if (next[sentinel] == sentinel) {
            return 0;
        }
        // The spoke's list is moved aside and walked from there, so that timers set while it is walked (a fired
        // connection's next one, another's cancelled) change only the lists they belong to.
        next[scanning] = next[sentinel];
        previous[scanning] = previous[sentinel];
        previous[next[scanning]] = scanning;
        next[previous[scanning]] = scanning;
        next[sentinel] = previous[sentinel] = sentinel;
        int fired = 0;
        walking = true;
        try {
            for (int slot = next[scanning]; slot != scanning; slot = next[scanning]) {
                unlink(slot);
                if (deadlines[slot] <= now) {
                    count--;
                    fired++;
                    expiry.onExpiry(slot, now);
                } else {
                    linkBefore(slot, sentinel);
                }
            }
        } finally {
            walking = false;
            // Had a handler thrown, the rest of the walk goes back to the spoke rather than being lost.
            for (int slot = next[scanning]; slot != scanning; slot = next[scanning]) {
                unlink(slot);
                linkBefore(slot, sentinel);
            }
        }
        return fired;
    }

    private void linkBefore(int slot, int sentinel) {
        int last = previous[sentinel];
        next[slot] = sentinel;
        previous[slot] = last;
        next[last] = slot;
        previous[sentinel] = slot;
    }

    private void unlink(int slot) {
        int after = next[slot];
        int before = previous[slot];
        next[before] = after;
        previous[after] = before;
        next[slot] = previous[slot] = UNLINKED;
    }
}
