package dev.lightpath.engine;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.ThreadAffinity;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts each worker on its own thread, pinned to its core and registered with DPDK (so mempool caches serve
 * it), and stops them all. Pinning that fails (a core outside this process's CPU set) is reported, not fatal.
 */
public final class WorkerThreads implements AutoCloseable {
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param eal may be null when the workers drive in-memory ports only
     */
    public void start(Worker worker, int cpu, IdleStrategy idle, Eal eal, ErrorHandler errors) {
        AgentRunner runner = new AgentRunner(idle, errors, (AtomicCounter) null, new PinnedAgent(worker, cpu, eal));
        Thread thread = new Thread(runner, worker.roleName());
        runners.add(runner);
        threads.add(thread);
        thread.start();
    }

    /** Asks every worker to stop after its current duty cycle and waits for each thread to end. */
    @Override
    public void close() {
        runners.forEach(AgentRunner::close);
        runners.clear();
        threads.clear();
    }

    /** Pins and registers the thread as the agent starts, on the agent's own thread. */
    private record PinnedAgent(Worker worker, int cpu, Eal eal) implements org.agrona.concurrent.Agent {
        @Override
        public void onStart() {
            if (!ThreadAffinity.pinCurrentThread(cpu)) {
                System.getLogger("lightpath.engine").log(System.Logger.Level.WARNING,
                        worker.roleName() + ": could not pin to CPU " + cpu + "; running unpinned");
            }
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
