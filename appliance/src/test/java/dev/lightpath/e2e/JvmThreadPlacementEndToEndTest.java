package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The appliance started as users start it, its worker on core 1, in a process that may use cores 0 and 1: every
 * thread but the worker (the JIT's compiler threads, the GC's, main, DPDK's) runs on core 0 once it says it is
 * ready, and the worker alone on core 1. Read from the kernel: /proc/PID/task/TID/status.
 */
class JvmThreadPlacementEndToEndTest {
    @Test
    void everyThreadButTheWorkerLeavesTheWorkersCore() throws Exception {
        String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        assertTrue(online.startsWith("0-") || online.startsWith("0,1"), "cores 0 and 1 online: " + online);
        try (TestNetwork network = new TestNetwork(31);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                     "--metrics", "off")) {
            String moved = appliance.awaitLine("JVM threads:", 60);
            appliance.awaitLine("ready", 60);
            assertTrue(moved.contains("moved off the workers' CPUs [1] to CPUs 0,"), moved);

            Map<String, String> cpusByThread = cpusAllowedByThread(appliance.pid());
            String worker = null;
            int compilers = 0;
            for (Map.Entry<String, String> thread : cpusByThread.entrySet()) {
                if (thread.getKey().startsWith("lightpath-work")) {
                    worker = thread.getValue();
                    continue;
                }
                if (thread.getKey().startsWith("C2 Compiler") || thread.getKey().startsWith("C1 Compiler")) {
                    compilers++;
                }
                assertEquals("0", thread.getValue(), "thread " + thread.getKey() + " off the worker's core: "
                        + cpusByThread);
            }
            assertEquals("1", worker, "the worker alone on core 1: " + cpusByThread);
            assertTrue(cpusByThread.keySet().stream().anyMatch(name -> name.startsWith("C2 CompilerThre")),
                    "C2's compiler thread among those checked: " + cpusByThread.keySet());
            assertTrue(compilers >= 2, "C1's and C2's compiler threads checked: " + cpusByThread.keySet());

            assertEquals(0, appliance.terminate(), appliance.output());
            long counted = ApplianceProcess.coreCounter(appliance.output(), "total", "engine.jvm_threads_moved");
            assertTrue(counted >= Long.parseLong(moved.replaceAll(".*JVM threads: (\\d+) moved.*", "$1")),
                    "the counter holds at least the threads moved at start: " + appliance.output());
        }
    }

    /** Each thread's name (with its id, names repeat) and the CPUs it may run on, as the kernel lists them. */
    private static Map<String, String> cpusAllowedByThread(long pid) throws IOException {
        Map<String, String> threads = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = null;
                String cpus = null;
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            name = line.substring(5).trim();
                        } else if (line.startsWith("Cpus_allowed_list:")) {
                            cpus = line.substring(18).trim();
                        }
                    }
                } catch (NoSuchFileException ended) {
                    continue;
                }
                threads.put(name + " (" + task.getFileName() + ")", cpus);
            }
        }
        return threads;
    }
}
