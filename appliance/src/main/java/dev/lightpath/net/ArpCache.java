package dev.lightpath.net;

/**
 * Neighbours' MAC addresses by IPv4 address, with expiry, and the packets waiting for an address to resolve.
 * One per core, preallocated: a fixed open-addressed table (a full neighbourhood evicts the entry closest to
 * expiry) and a fixed queue of waiting packets. Nothing here sends anything; {@link NetStack} does.
 */
final class ArpCache {
    /** MAC value of an entry whose request is out but unanswered. */
    static final long INCOMPLETE = -1;
    private static final int PROBES = 8;

    private final int[] ips;
    private final long[] macs;
    private final long[] expiries;
    private final long[] requestedAt;
    private final int mask;
    private final long ttlNanos;

    private final long[] waitingMbufs;
    private final int[] waitingHops;
    private final long[] waitingSince;
    private int waiting;

    ArpCache(int capacity, long ttlNanos, int waitingCapacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.ips = new int[size];
        this.macs = new long[size];
        this.expiries = new long[size];
        this.requestedAt = new long[size];
        this.mask = size - 1;
        this.ttlNanos = ttlNanos;
        this.waitingMbufs = new long[waitingCapacity];
        this.waitingHops = new int[waitingCapacity];
        this.waitingSince = new long[waitingCapacity];
    }

    /** The MAC for {@code ip}, or {@link #INCOMPLETE} when unknown, unanswered or expired. */
    long lookup(int ip, long now) {
        int slot = find(ip);
        if (slot < 0 || macs[slot] == INCOMPLETE || expiries[slot] - now < 0) {
            return INCOMPLETE;
        }
        return macs[slot];
    }

    boolean contains(int ip) {
        return find(ip) >= 0;
    }

    void learn(int ip, long mac, long now) {
        int slot = slotFor(ip);
        ips[slot] = ip;
        macs[slot] = mac;
        expiries[slot] = now + ttlNanos;
    }

    /**
     * Records that a request for {@code ip} is wanted now; true when one should be sent (none went out in
     * the last {@code intervalNanos}).
     */
    boolean requestDue(int ip, long now, long intervalNanos) {
        int slot = find(ip);
        if (slot < 0) {
            slot = slotFor(ip);
            ips[slot] = ip;
            macs[slot] = INCOMPLETE;
            expiries[slot] = now;
            requestedAt[slot] = now;
            return true;
        }
        if (macs[slot] != INCOMPLETE && expiries[slot] - now >= 0) {
            return false;
        }
        if (now - requestedAt[slot] >= intervalNanos || requestedAt[slot] == 0) {
            requestedAt[slot] = now;
            return true;
        }
        return false;
    }

    /** Parks a packet until {@code hop} resolves; false when the queue is full (the caller drops it). */
    boolean park(long mbuf, int hop, long now) {
        if (waiting == waitingMbufs.length) {
            return false;
        }
        waitingMbufs[waiting] = mbuf;
        waitingHops[waiting] = hop;
        waitingSince[waiting] = now;
        waiting++;
        return true;
    }

    int waiting() {
        return waiting;
    }

    /** Hands every packet waiting for {@code hop} to the sink, in the order they were parked. */
    void release(int hop, long mac, ParkedSink sink) {
        int kept = 0;
        for (int i = 0; i < waiting; i++) {
            if (waitingHops[i] == hop) {
                sink.resolved(waitingMbufs[i], mac);
            } else {
                keep(i, kept++);
            }
        }
        waiting = kept;
    }

    /** Gives up on packets parked longer than {@code timeoutNanos}; returns how many were handed to the sink. */
    int expire(long now, long timeoutNanos, ParkedSink sink) {
        int kept = 0;
        for (int i = 0; i < waiting; i++) {
            if (now - waitingSince[i] >= timeoutNanos) {
                sink.unresolved(waitingMbufs[i]);
            } else {
                keep(i, kept++);
            }
        }
        int expired = waiting - kept;
        waiting = kept;
        return expired;
    }

    /** Moves waiting entry {@code from} down to {@code to}, closing the gaps left by those handed on. */
    private void keep(int from, int to) {
        waitingMbufs[to] = waitingMbufs[from];
        waitingHops[to] = waitingHops[from];
        waitingSince[to] = waitingSince[from];
    }

    /**
     * The owner's clock is read for the first time: what was parked or asked for before it, stamped 0, is timed
     * from {@code now} instead, so it waits its full time and its request is not sent twice at once.
     */
    void clockStarts(long now) {
        for (int i = 0; i < waiting; i++) {
            waitingSince[i] = now;
        }
        for (int slot = 0; slot <= mask; slot++) {
            if (ips[slot] != 0 && macs[slot] == INCOMPLETE) {
                requestedAt[slot] = now;
                expiries[slot] = now;
            }
        }
    }

    /** Hands every waiting packet to the sink as unresolved: at shutdown. */
    void dropAll(ParkedSink sink) {
        for (int i = 0; i < waiting; i++) {
            sink.unresolved(waitingMbufs[i]);
        }
        waiting = 0;
    }

    /** Distinct next hops that have packets waiting, for re-sending their requests. */
    int waitingHop(int index) {
        return waitingHops[index];
    }

    private int find(int ip) {
        int start = hash(ip);
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & mask;
            if (ips[slot] == ip && ip != 0) {
                return slot;
            }
        }
        return -1;
    }

    /** The slot holding {@code ip}, else a free one, else the one closest to expiry among the probed. */
    private int slotFor(int ip) {
        int start = hash(ip);
        int victim = start & mask;
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & mask;
            if (ips[slot] == ip || ips[slot] == 0) {
                return slot;
            }
            if (expiries[slot] - expiries[victim] < 0) {
                victim = slot;
            }
        }
        return victim;
    }

    private int hash(int ip) {
        int h = ip * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Where released and expired packets go. */
    interface ParkedSink {
        void resolved(long mbuf, long mac);

        void unresolved(long mbuf);
    }
}
