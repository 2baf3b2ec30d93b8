package dev.lightpath.engine;

import dev.lightpath.dpdk.ThreadAffinity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the process's threads other than the workers (the JIT's compiler threads, the GC's, the control and
 * signal threads, DPDK's interrupt thread) on the CPUs the process may use that run no worker.
 *
 * <p>Why: a worker spins on its core and is the only thing there that moves packets. When a C2 compiler thread or
 * a GC thread becomes runnable on that core, the scheduler shares the core between them, and the worker stops
 * for whole scheduler slices (milliseconds) in the middle of a transfer: segments go out late, the ACK clock
 * stalls. Moved to the other CPUs, those threads wait for other work there instead.
 *
 * <p>Threads the JVM starts later (C2 threads added when its queue grows, GC workers started on demand) usually
 * inherit a moved thread's CPUs; those that do not are moved by the next pass, which {@link #start} repeats on a
 * thread of its own: every {@link #FIRST_REPEAT_MILLIS} at first and while passes find threads to move, then at
 * twice the last wait up to {@link #LAST_REPEAT_MILLIS}. A pass reads /proc and allocates a few kilobytes, so on
 * a process that has settled it runs about once a minute rather than four times a second.
 */
public final class JvmThreadPlacement implements AutoCloseable {
    /** The wait before the second pass, and again after any pass that moved a thread. */
    static final long FIRST_REPEAT_MILLIS = 250;
    /** The longest wait between passes once they find nothing to move. */
    static final long LAST_REPEAT_MILLIS = 60_000;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final BitSet rest;
    private final Set<Integer> workerThreads;
    private volatile long moved;
    private ScheduledExecutorService repeater;

    /**
     * @param allowed       the CPUs the process may use, as they were before any thread was pinned
     * @param workerCpus    the workers' CPUs
     * @param workerThreads the workers' thread ids, which stay where they pinned themselves
     */
    public JvmThreadPlacement(BitSet allowed, List<Integer> workerCpus, Set<Integer> workerThreads) {
        this.rest = (BitSet) allowed.clone();
        for (int cpu : workerCpus) {
            rest.clear(cpu);
        }
        this.workerThreads = Set.copyOf(workerThreads);
    }

    /** False when every CPU the process may use runs a worker: nothing is moved then. */
    public boolean possible() {
        return !rest.isEmpty();
    }

    /** The CPUs the other threads are kept on, as a list ("0", "0,2-3"). */
    public String restCpus() {
        return format(rest);
    }

    /** A CPU set as the kernel lists it: ranges and single CPUs, comma-separated ("0,2-3"). */
    static String format(BitSet cpus) {
        StringBuilder text = new StringBuilder();
        for (int first = cpus.nextSetBit(0); first >= 0; first = cpus.nextSetBit(first + 1)) {
            int last = cpus.nextClearBit(first) - 1;
            text.append(text.isEmpty() ? "" : ",").append(first);
            if (last > first) {
                text.append('-').append(last);
            }
            first = last;
        }
        return text.toString();
    }

    /**
     * One pass over the process's threads: every one but the workers whose CPUs differ from the rest is moved
     * there. Returns how many it moved; a thread that ended meanwhile is skipped.
     */
    public int applyOnce() {
        if (!possible()) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                int tid = Integer.parseInt(task.getFileName().toString());
                if (workerThreads.contains(tid)) {
                    continue;
                }
                BitSet current = ThreadAffinity.threadCpus(tid);
                if (current != null && !current.equals(rest) && ThreadAffinity.setThreadCpus(tid, rest)) {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + TASKS, e);
        }
        moved += count;
        return count;
    }

    /** Moves the threads there now, and again at the waits above until closed; returns the first count. */
    public int start() {
        int first = applyOnce();
        if (possible()) {
            repeater = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lightpath-thread-placement");
                thread.setDaemon(true);
                return thread;
            });
            repeater.schedule(() -> repeat(FIRST_REPEAT_MILLIS), FIRST_REPEAT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return first;
    }

    /** One pass after a wait of {@code waited}, then the next one planned. */
    private void repeat(long waited) {
        int count = 0;
        try {
            count = applyOnce();
        } catch (RuntimeException e) {
            System.getLogger("lightpath.engine").log(System.Logger.Level.DEBUG, "thread placement pass failed", e);
        }
        long next = nextWait(waited, count);
        try {
            repeater.schedule(() -> repeat(next), next, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed meanwhile: no more passes
        }
    }

    /** The wait after a pass that followed a wait of {@code waited} and moved {@code moved} threads. */
    static long nextWait(long waited, int moved) {
        return moved > 0 ? FIRST_REPEAT_MILLIS : Math.min(waited * 2, LAST_REPEAT_MILLIS);
    }

    /** Threads moved so far, over every pass (a thread moved back by someone else and moved again counts twice). */
    public long moved() {
        return moved;
    }

    @Override
    public void close() {
        if (repeater != null) {
            repeater.shutdownNow();
        }
    }
}
