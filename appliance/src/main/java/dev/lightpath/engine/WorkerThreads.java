package dev.lightpath.engine;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.ThreadAffinity;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts each worker on its own thread, pinned to its core and registered with DPDK (so mempool caches serve
 * it), and stops them all. Pinning that fails (a core outside this process's CPU set) is reported, not fatal.
 */
public final class WorkerThreads implements AutoCloseable {
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<PinnedAgent> agents = new ArrayList<>();

    /**
     * @param eal may be null when the workers drive in-memory ports only
     */
    public void start(Worker worker, int cpu, IdleStrategy idle, Eal eal, ErrorHandler errors) {
        PinnedAgent agent = new PinnedAgent(worker, cpu, eal, new CountDownLatch(1), new int[1]);
        AgentRunner runner = new AgentRunner(idle, errors, (AtomicCounter) null, agent);
        Thread thread = new Thread(runner, worker.roleName());
        runners.add(runner);
        agents.add(agent);
        threads.add(thread);
        thread.start();
    }

    /**
     * Waits until every worker started so far has pinned itself, and returns their kernel thread ids (those that
     * did not start within {@code timeout} are left out).
     */
    public Set<Integer> awaitPinned(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> ids = new HashSet<>();
        for (PinnedAgent agent : agents) {
            if (agent.pinned().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                ids.add(agent.threadId()[0]);
            }
        }
        return ids;
    }

    /** Asks every worker to stop after its current duty cycle and waits for each thread to end. */
    @Override
    public void close() {
        runners.forEach(AgentRunner::close);
        runners.clear();
        threads.clear();
        agents.clear();
    }

    /**
     * Pins and registers the thread as the agent starts, on the agent's own thread, then says so through
     * {@code pinned} with its thread id in {@code threadId[0]} (written before the latch opens, read after).
     */
    private record PinnedAgent(Worker worker, int cpu, Eal eal, CountDownLatch pinned, int[] threadId)
            implements org.agrona.concurrent.Agent {
        @Override
        public void onStart() {
            if (!ThreadAffinity.pinCurrentThread(cpu)) {
                System.getLogger("lightpath.engine").log(System.Logger.Level.WARNING,
                        worker.roleName() + ": could not pin to CPU " + cpu + "; running unpinned");
            }
            threadId[0] = ThreadAffinity.currentThreadId();
            pinned.countDown();
            if (eal != null) {
                eal.registerThread();
            }
        }

        @Override
        public int doWork() {
            return worker.doWork();
        }

        @Override
        public void onClose() {
            worker.onClose();
            if (eal != null) {
                eal.unregisterThread();
            }
        }

        @Override
        public String roleName() {
            return worker.roleName();
        }
    }
}
