package dev.lightpath.net;

/**
 * Neighbours' MAC addresses by IPv6 address, kept as Neighbour Unreachability Detection (RFC 4861 section 7.3)
 * keeps them, and the packets waiting for an address to resolve: the IPv6 counterpart of {@link ArpCache}, one
 * per core, preallocated, a fixed open-addressed table (a full neighbourhood evicts the entry least recently
 * confirmed) and a fixed queue of waiting packets.
 *
 * <p>States, as RFC 4861 section 7.3.2 names them: INCOMPLETE (a multicast solicitation is out), REACHABLE
 * (confirmed within {@link #REACHABLE_TIME_NANOS}), STALE (known but unconfirmed: usable, checked on next use),
 * DELAY (used while stale: waiting {@link #DELAY_FIRST_PROBE_NANOS} for the upper layer to confirm), PROBE
 * (unicast solicitations out). Timers run on the caller's clock; {@link #poll} acts on them, and costs a comparison
 * when none is due. Confirmation from upper layers (TCP's acknowledgements) is not taken yet: a neighbour in use
 * is probed every {@code REACHABLE_TIME + DELAY_FIRST_PROBE} with one unicast solicitation.
 *
 * <p>Nothing here sends anything: solicitations go out through the {@link Solicitor}, released and dropped packets
 * through the {@link ArpCache.ParkedSink}.
 */
final class NeighbourCache {
    /** MAC value of an unresolved address. */
    static final long UNRESOLVED = -1;
    /** {@link Solicitor#solicit}'s MAC for a multicast solicitation (to the target's solicited-node group). */
    static final long MULTICAST = -1;

    static final byte ABSENT = 0;
    static final byte INCOMPLETE = 1;
    static final byte REACHABLE = 2;
    static final byte STALE = 3;
    static final byte DELAY = 4;
    static final byte PROBE = 5;

    /**
     * RFC 4861 section 10's BaseReachableTime, used as it stands: RFC 4861 draws ReachableTime between half and
     * one and a half of it so that many hosts do not probe in step, which one host's own neighbours cannot do.
     */
    static final long REACHABLE_TIME_NANOS = 30_000_000_000L;
    static final long RETRANS_TIMER_NANOS = 1_000_000_000L;
    static final long DELAY_FIRST_PROBE_NANOS = 5_000_000_000L;
    static final int MAX_MULTICAST_SOLICIT = 3;
    static final int MAX_UNICAST_SOLICIT = 3;
    private static final int PROBES = 8;
    private static final long NO_TIMER = Long.MAX_VALUE;

    private final long[] highs;
    private final long[] lows;
    private final long[] macs;
    private final byte[] states;
    /** When the state's timer fires: the end of REACHABLE or DELAY, the next solicitation of INCOMPLETE or PROBE. */
    private final long[] deadlines;
    /** When the entry was last confirmed or created: the least recent is evicted first. */
    private final long[] confirmed;
    private final byte[] solicitations;
    private final int mask;
    /** No timer of INCOMPLETE, DELAY or PROBE fires before this: {@link #poll} does nothing until then. */
    private long nextTimer = NO_TIMER;
    private final Solicitor solicitor;
    private final ArpCache.ParkedSink sink;

    private final long[] waitingMbufs;
    private final long[] waitingHighs;
    private final long[] waitingLows;
    private int waiting;

    NeighbourCache(int capacity, int waitingCapacity, Solicitor solicitor, ArpCache.ParkedSink sink) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.highs = new long[size];
        this.lows = new long[size];
        this.macs = new long[size];
        this.states = new byte[size];
        this.deadlines = new long[size];
        this.confirmed = new long[size];
        this.solicitations = new byte[size];
        this.mask = size - 1;
        this.solicitor = solicitor;
        this.sink = sink;
        this.waitingMbufs = new long[waitingCapacity];
        this.waitingHighs = new long[waitingCapacity];
        this.waitingLows = new long[waitingCapacity];
    }

    /**
     * The MAC to send to {@code high:low} now, or {@link #UNRESOLVED} (the caller parks the packet). An unknown
     * neighbour becomes INCOMPLETE and is solicited; a stale one is used and enters DELAY (RFC 4861 7.3.3).
     */
    long macFor(long high, long low, long now) {
        int slot = find(high, low);
        if (slot < 0) {
            slot = claim(high, low, now);
            states[slot] = INCOMPLETE;
            macs[slot] = UNRESOLVED;
            solicitations[slot] = 1;
            timer(slot, now + RETRANS_TIMER_NANOS);
            solicitor.solicit(high, low, MULTICAST);
            return UNRESOLVED;
        }
        switch (states[slot]) {
            case INCOMPLETE -> {
                return UNRESOLVED;
            }
            case REACHABLE -> {
                if (deadlines[slot] - now <= 0) {
                    states[slot] = DELAY;
                    timer(slot, now + DELAY_FIRST_PROBE_NANOS);
                }
            }
            case STALE -> {
                states[slot] = DELAY;
                timer(slot, now + DELAY_FIRST_PROBE_NANOS);
            }
            default -> {
                // DELAY and PROBE send to the MAC they have while they wait for an answer.
            }
        }
        return macs[slot];
    }

    /** The entry's state, {@link #ABSENT} when there is none; a REACHABLE entry past its time reads STALE. */
    byte state(long high, long low, long now) {
        int slot = find(high, low);
        if (slot < 0) {
            return ABSENT;
        }
        return states[slot] == REACHABLE && deadlines[slot] - now <= 0 ? STALE : states[slot];
    }

    /**
     * A solicitation from {@code high:low} carried its link-layer address (RFC 4861 7.2.3): create the entry STALE,
     * or make it STALE with the new MAC if the MAC changed; an INCOMPLETE entry resolves and its packets go.
     */
    void solicitedBy(long high, long low, long mac, long now) {
        int slot = find(high, low);
        if (slot < 0) {
            slot = claim(high, low, now);
            set(slot, mac, STALE, now);
            return;
        }
        if (states[slot] == INCOMPLETE || macs[slot] != mac) {
            boolean resolves = states[slot] == INCOMPLETE;
            set(slot, mac, STALE, now);
            if (resolves) {
                release(high, low, mac);
            }
        }
    }

    /**
     * An advertisement for target {@code high:low} (RFC 4861 7.2.5), {@code mac} its target link-layer address or
     * {@link dev.lightpath.wire.NeighbourMessage#NO_ADDRESS}. Advertisements for neighbours not in the cache are
     * ignored: nobody asked.
     */
    void advertised(long high, long low, long mac, boolean solicited, boolean override, long now) {
        int slot = find(high, low);
        if (slot < 0) {
            return;
        }
        boolean hasMac = mac != dev.lightpath.wire.NeighbourMessage.NO_ADDRESS;
        if (states[slot] == INCOMPLETE) {
            if (!hasMac) {
                return;
            }
            set(slot, mac, solicited ? REACHABLE : STALE, now);
            release(high, low, mac);
            return;
        }
        boolean differs = hasMac && mac != macs[slot];
        if (!override && differs) {
            // Another MAC without the right to override: distrust the one we have, keep it until it is checked.
            if (states[slot] == REACHABLE) {
                states[slot] = STALE;
                deadlines[slot] = NO_TIMER;
            }
            return;
        }
        long newMac = differs ? mac : macs[slot];
        if (solicited) {
            set(slot, newMac, REACHABLE, now);
        } else if (differs) {
            set(slot, newMac, STALE, now);
        }
    }

    /** Parks a packet until {@code high:low} resolves; false when the queue is full (the caller drops it). */
    boolean park(long mbuf, long high, long low) {
        if (waiting == waitingMbufs.length) {
            return false;
        }
        waitingMbufs[waiting] = mbuf;
        waitingHighs[waiting] = high;
        waitingLows[waiting] = low;
        waiting++;
        return true;
    }

    int waiting() {
        return waiting;
    }

    /**
     * Fires the timers that are due: another solicitation for INCOMPLETE and PROBE entries until their count is
     * spent, then the entry goes (and with it the packets waiting for it); DELAY becomes PROBE. Returns the
     * number of timers fired.
     */
    int poll(long now) {
        if (nextTimer - now > 0) {
            return 0;
        }
        long next = NO_TIMER;
        int fired = 0;
        for (int slot = 0; slot <= mask; slot++) {
            byte state = states[slot];
            if (state != INCOMPLETE && state != DELAY && state != PROBE) {
                continue;
            }
            if (deadlines[slot] - now <= 0) {
                fired++;
                fire(slot, now);
            }
            if (states[slot] != ABSENT && states[slot] != REACHABLE && deadlines[slot] - next < 0) {
                next = deadlines[slot];
            }
        }
        nextTimer = next;
        return fired;
    }

    private void fire(int slot, long now) {
        switch (states[slot]) {
            case INCOMPLETE -> {
                if (solicitations[slot] < MAX_MULTICAST_SOLICIT) {
                    solicitations[slot]++;
                    deadlines[slot] = now + RETRANS_TIMER_NANOS;
                    solicitor.solicit(highs[slot], lows[slot], MULTICAST);
                } else {
                    remove(slot);
                }
            }
            case DELAY -> {
                states[slot] = PROBE;
                solicitations[slot] = 1;
                deadlines[slot] = now + RETRANS_TIMER_NANOS;
                solicitor.solicit(highs[slot], lows[slot], macs[slot]);
            }
            default -> {
                if (solicitations[slot] < MAX_UNICAST_SOLICIT) {
                    solicitations[slot]++;
                    deadlines[slot] = now + RETRANS_TIMER_NANOS;
                    solicitor.solicit(highs[slot], lows[slot], macs[slot]);
                } else {
                    remove(slot);
                }
            }
        }
    }

    /**
     * The owner's clock is read for the first time: an address asked for before it, at time 0, is timed from
     * {@code now}, so it gets its full count of solicitations.
     */
    void clockStarts(long now) {
        for (int slot = 0; slot <= mask; slot++) {
            if (states[slot] == INCOMPLETE) {
                timer(slot, now + RETRANS_TIMER_NANOS);
            }
        }
    }

    /** Hands every waiting packet to the sink as unresolved: at shutdown. */
    void dropAll() {
        for (int i = 0; i < waiting; i++) {
            sink.unresolved(waitingMbufs[i]);
        }
        waiting = 0;
    }

    private void set(int slot, long mac, byte state, long now) {
        macs[slot] = mac;
        states[slot] = state;
        confirmed[slot] = now;
        solicitations[slot] = 0;
        deadlines[slot] = state == REACHABLE ? now + REACHABLE_TIME_NANOS : NO_TIMER;
    }

    private void timer(int slot, long deadline) {
        deadlines[slot] = deadline;
        if (deadline - nextTimer < 0) {
            nextTimer = deadline;
        }
    }

    /** The entry goes, and the packets waiting for it with it. */
    private void remove(int slot) {
        long high = highs[slot];
        long low = lows[slot];
        states[slot] = ABSENT;
        int kept = 0;
        for (int i = 0; i < waiting; i++) {
            if (waitingHighs[i] == high && waitingLows[i] == low) {
                sink.unresolved(waitingMbufs[i]);
            } else {
                keep(i, kept++);
            }
        }
        waiting = kept;
    }

    /** Hands every packet waiting for {@code high:low} to the sink, in the order they were parked. */
    private void release(long high, long low, long mac) {
        int kept = 0;
        for (int i = 0; i < waiting; i++) {
            if (waitingHighs[i] == high && waitingLows[i] == low) {
                sink.resolved(waitingMbufs[i], mac);
            } else {
                keep(i, kept++);
            }
        }
        waiting = kept;
    }

    private void keep(int from, int to) {
        waitingMbufs[to] = waitingMbufs[from];
        waitingHighs[to] = waitingHighs[from];
        waitingLows[to] = waitingLows[from];
    }

    private int find(long high, long low) {
        int start = hash(high, low);
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & mask;
            if (states[slot] != ABSENT && highs[slot] == high && lows[slot] == low) {
                return slot;
            }
        }
        return -1;
    }

    /** A free slot among the probed, else the least recently confirmed (its waiting packets dropped), claimed for the address. */
    private int claim(long high, long low, long now) {
        int start = hash(high, low);
        int victim = start & mask;
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & mask;
            if (states[slot] == ABSENT) {
                victim = slot;
                break;
            }
            if (confirmed[slot] - confirmed[victim] < 0) {
                victim = slot;
            }
        }
        if (states[victim] != ABSENT) {
            remove(victim);
        }
        highs[victim] = high;
        lows[victim] = low;
        confirmed[victim] = now;
        deadlines[victim] = NO_TIMER;
        return victim;
    }

    private int hash(long high, long low) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Sends a neighbour solicitation for a target: multicast to its solicited-node group, or unicast to a known MAC. */
    @FunctionalInterface
    interface Solicitor {
        void solicit(long targetHigh, long targetLow, long mac);
    }
}
