package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;

/**
 * Where packet buffers come from and go back to: a DPDK mempool on a real port, a native arena in tests.
 * Buffers are mbufs (addresses, see {@link dev.lightpath.dpdk.Mbuf}) in both cases, so every layer above runs
 * the same code either way. A pool is used by one core at a time unless its implementation says otherwise.
 */
public interface PacketPool {
    /** One mbuf, empty, with the default headroom in front of its data; 0 when the pool is exhausted. */
    long allocate();

    /** Appends exactly {@code n} fresh mbufs to the burst, or none: returns false when the pool has fewer. */
    boolean allocate(MbufBurst burst, int n);

    void free(long mbuf);

    /** Frees every mbuf in the burst and clears it. */
    void free(MbufBurst burst);

    /** Mbufs that can be allocated now: after a test, this returns to its starting value or something leaked. */
    int available();

    /**
     * The fewest mbufs that were available at once since the pool was created: how close to exhaustion it came.
     * A pool that sees every allocation keeps it exactly; one whose count other cores share (a DPDK mempool) keeps
     * the least of the counts {@link #sample} read, so a dip shorter than the time between samples can be missed.
     */
    int lowWater();

    /**
     * Reads {@link #available} and takes it into {@link #lowWater}. For the owning core where it publishes its
     * counters (about once a millisecond), not per packet: a shared pool's count is a call that walks every core's
     * cache.
     */
    default int sample() {
        return available();
    }

    int capacity();

    /** Bytes of frame an mbuf of this pool holds after the headroom. */
    int dataRoom();
}
