package dev.lightpath.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

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
        return Arrays.stream(perRound(rounds, work)).min().orElseThrow();
    }

    /**
     * Runs the work once to warm it, then measures up to {@code rounds} further runs, stopping at the first that
     * allocated nothing, and returns what each measured run allocated. A count that falls from round to round is
     * the JIT still compiling (a large piece of code such as two whole stacks can take C2 many rounds on a busy
     * machine); a count that stays is the code's own allocation. Give enough rounds for the first to end: a
     * genuine allocation shows in every one of them however many there are.
     */
    public static long[] perRound(int rounds, Runnable work) {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one measured round: " + rounds);
        }
        work.run();
        long[] bytes = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long before = byThisThread();
            work.run();
            bytes[round] = byThisThread() - before;
            if (bytes[round] == 0) {
                return Arrays.copyOf(bytes, round + 1);
            }
        }
        return bytes;
    }
}
