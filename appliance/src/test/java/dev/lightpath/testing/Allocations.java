package dev.lightpath.testing;

import java.lang.management.ManagementFactory;

/**
 * What the calling thread allocates while a piece of work runs, measured so that the JVM's own one-off events are
 * not taken for the code's allocations. A tier change or a deoptimisation re-materialising an object that escape
 * analysis had removed allocates a few hundred bytes once; an allocation in the code under test shows in every
 * round, since each round repeats the operation thousands of times. The fewest bytes over a few rounds therefore
 * tells the two apart: it is zero only when some whole round allocated nothing.
 */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Bytes the calling thread has allocated so far. */
    public static long byThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs the work once to warm it, then measures up to {@code rounds} further runs and returns the fewest bytes
     * one of them allocated (stopping at the first that allocated none).
     */
    public static long fewestBytes(int rounds, Runnable work) {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one measured round: " + rounds);
        }
        work.run();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < rounds && fewest > 0; round++) {
            long before = byThisThread();
            work.run();
            fewest = Math.min(fewest, byThisThread() - before);
        }
        return fewest;
    }
}
