package dev.lightpath.tcp;

/**
 * A hashed timer wheel whose entries are the connection slots themselves: at most one timer a slot, each slot
 * linked into its spoke's circular list through two ints, its deadline beside them. It costs 16 bytes a slot and
 * 8 a spoke however many timers one tick holds, and never grows: every slot can be in one spoke at once.
 *
 * <p>A wheel that keeps an array of deadlines per spoke (Agrona's {@code DeadlineTimerWheel}) must size each
 * spoke for the most timers one tick can hold, which with every connection possibly due in the same tick is the
 * whole table again for every spoke, and scans the whole spoke array each tick. Here a tick costs the timers in
 * its spoke. A timer is placed in the spoke of its deadline's tick (or of the current tick when that has passed)
 * and fires at the first poll at or after its deadline: the ticks that have ended are walked, and the current
 * one too once the earliest deadline in its spoke has come. A spoke also holds the timers of later rotations,
 * which wait.
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
    /** Per spoke, no later than its earliest deadline (exact once the spoke has been walked): a spoke is walked early only when this has come. */
    private final long[] spokeEarliest;
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
        this.spokeEarliest = new long[spokes];
        java.util.Arrays.fill(spokeEarliest, Long.MAX_VALUE);
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
        int spoke = (int) (tick & spokeMask);
        deadlines[slot] = deadline;
        linkBefore(slot, slots + spoke);
        spokeEarliest[spoke] = Math.min(spokeEarliest[spoke], deadline);
        count++;
    }

    void cancel(int slot) {
        if (next[slot] != UNLINKED) {
            unlink(slot);
            count--;
        }
    }

    /**
     * Fires every timer whose deadline has come by {@code now}: the ticks that have ended are walked one by one
     * (stretches with no timer at all skipped at once), then the current tick's spoke if its earliest deadline
     * has come. Returns how many fired.
     */
    int poll(long now, Expiry expiry) {
        int fired = 0;
        while (currentTickTime() <= now) {
            if (count == 0) {
                currentTick = (now - start) >> tickShift;
                return fired;
            }
            fired += expire((int) (currentTick & spokeMask), now, expiry);
            currentTick++;
        }
        int spoke = (int) (currentTick & spokeMask);
        if (spokeEarliest[spoke] <= now) {
            fired += expire(spoke, now, expiry);
        }
        return fired;
    }

    private int expire(int spoke, long now, Expiry expiry) {
        int sentinel = slots + spoke;
        if (next[sentinel] == sentinel) {
            return 0;
        }
        spokeEarliest[spoke] = Long.MAX_VALUE;
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
                    spokeEarliest[spoke] = Math.min(spokeEarliest[spoke], deadlines[slot]);
                }
            }
        } finally {
            walking = false;
            // Had a handler thrown, the rest of the walk goes back to the spoke rather than being lost.
            for (int slot = next[scanning]; slot != scanning; slot = next[scanning]) {
                unlink(slot);
                linkBefore(slot, sentinel);
                spokeEarliest[spoke] = Math.min(spokeEarliest[spoke], deadlines[slot]);
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
