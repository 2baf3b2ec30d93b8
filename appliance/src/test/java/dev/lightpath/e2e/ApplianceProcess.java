package dev.lightpath.e2e;

import dev.lightpath.control.Main;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The program run as users run it, in its own JVM, with its output collected line by line. */
public final class ApplianceProcess implements AutoCloseable {
    private static final Pattern MEMPOOL = Pattern.compile("mempool (\\d+) of (\\d+) free \\(started at (\\d+)\\)");
    private static final Pattern LOW_WATER = Pattern.compile(
            "mempool \\d+ of (\\d+) free \\(started at \\d+\\), low water (\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)");

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;
    private final boolean checked;
    private MetricsEndpoint metrics;

    public ApplianceProcess(String... args) throws Exception {
        this(List.of(), args);
    }

    /** The program with JVM options of the test's own before the launcher's ({@code -XX:+UseEpsilonGC}, ...). */
    public ApplianceProcess(List<String> jvmOptions, String... args) throws Exception {
        this(List.of(), jvmOptions, args);
    }

    /**
     * The program started through {@code launcher} ({@code nohup}, ...), which runs the command it is given, with
     * JVM options of the test's own.
     */
    public ApplianceProcess(List<String> launcher, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(command(jvmOptions, args));
        // The last setting on the command line is the one the JVM takes.
        checked = command.stream().filter(option -> option.startsWith("-Dlightpath.checked="))
                .reduce((first, last) -> last).orElseThrow().equals("-Dlightpath.checked=true");
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(this::readLines, "appliance-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The program's command line: this JVM's java, the test class path, the launcher's JVM flags, the shim, and
     * checked mode when the tests run in it (the test's own options come after, so they may turn it off).
     */
    private static String onlineCpus() {
        try {
            return java.nio.file.Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        } catch (java.io.IOException e) {
            return "0-" + (Runtime.getRuntime().availableProcessors() - 1);
        }
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        // Every CPU the machine has online, whatever this thread's mask: a test earlier in this JVM that started
        // DPDK's EAL pinned the calling thread to its lcore, and a child would inherit that mask.
        command.addAll(List.of("taskset", "-c", onlineCpus()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dlightpath.checked=" + Boolean.getBoolean("lightpath.checked"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "--enable-native-access=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        // As bin/appliance: the Vector API for the commands that move traffic, not for those whose output is read.
        if (args.length > 0 && !List.of("stat", "check-config", "help").contains(args[0]) && !args[0].startsWith("-")) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of(
                "-Dlightpath.shim=" + System.getProperty("lightpath.shim"),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the program to its end (at most 60 s); returns its exit code and everything it printed. */
    public static Finished runToEnd(String... args) throws Exception {
        Process process = new ProcessBuilder(command(List.of(), args)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("did not end within 60 s: " + output);
        }
        return new Finished(process.exitValue(), output);
    }

    public record Finished(int exit, String output) {
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (Exception ignored) {
            // the process ended
        }
    }

    /** Waits for a line containing {@code text}; fails with everything printed so far when it does not come. */
    public String awaitLine(String text, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                output.append(line).append('\n');
                if (line.contains(text)) {
                    return line;
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                fail("the appliance exited (" + process.exitValue() + ") before printing '" + text + "':\n" + output);
            }
        }
        fail("no '" + text + "' within " + timeoutSeconds + " s:\n" + output);
        return null;
    }

    /**
     * Waits for the line that says where the metrics endpoint listens (the program started with
     * {@code --metrics 127.0.0.1:0}, so the kernel chose the port) and returns the endpoint; later calls return the
     * same. Its client is closed with this process.
     */
    public MetricsEndpoint awaitMetricsEndpoint() throws InterruptedException {
        if (metrics == null) {
            String line = awaitLine("metrics on http://", 30);
            Matcher url = METRICS.matcher(line);
            assertTrue(url.find(), line);
            metrics = new MetricsEndpoint(url.group(1));
        }
        return metrics;
    }

    /** Waits for the program to end by itself; returns the exit code. Everything printed is in {@link #output()}. */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "the program ends within " + timeoutSeconds
                + " s:\n" + output);
        return drained(process.exitValue());
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code. Everything printed is in {@link #output()}. */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the appliance stops within 30 s of SIGTERM:\n" + output);
        return drained(process.exitValue());
    }

    /**
     * Takes in everything the ended program printed (its output pipe reads to the end), and fails if checked mode
     * caught an access outside its buffer, whatever the program did after it.
     */
    private int drained(int exit) throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String line;
        while ((line = lines.poll()) != null) {
            output.append(line).append('\n');
        }
        assertFalse(output.toString().contains("IndexOutOfBoundsException"), "an access outside its buffer:\n" + output);
        if (checked && output.indexOf("configuration: devices") >= 0) {
            assertTrue(output.toString().contains("checked mode:"), "the appliance ran checked:\n" + output);
        }
        int memory = output.indexOf("lightpath: memory: ");
        if (HugepageSession.PAGES > 0 && memory >= 0) {
            assertTrue(output.toString().startsWith("lightpath: memory: hugepages", memory), "a run on hugepages fell back to "
                    + "ordinary memory:\n" + output);
        }
        return exit;
    }

    /**
     * One core's counter from the stop report ("counters, core N:" and its indented lines); 0 when that core's
     * section leaves it out (a counter still at zero is not printed). Fails when the core has no section at all.
     */
    public static long coreCounter(String output, String core, String name) {
        Matcher section = Pattern.compile("counters, " + core + ":\\n((?:  .*\\n)*)").matcher(output);
        assertTrue(section.find(), "no counters for " + core + ":\n" + output);
        Matcher value = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "\\s+([\\d,]+)$").matcher(section.group(1));
        return value.find() ? Long.parseLong(value.group(1).replace(",", "")) : 0;
    }

    /**
     * Asserts that the program's stop report says the mempool is whole: every mbuf back where it started (the
     * line "mempool N of M free (started at N)").
     */
    public static void assertMempoolWhole(String output) {
        Matcher pool = MEMPOOL.matcher(output);
        assertTrue(pool.find(), output);
        assertEquals(pool.group(3), pool.group(1), "every mbuf back in the pool: " + output);
    }

    /**
     * Asserts that the pool never ran below {@code floor} free mbufs while the program ran, from its stop report
     * (the line "mempool N of M free (started at N), low water L"): the low-water mark is the least free count since
     * start, so one reading after an attack covers all of it. Returns the mark.
     */
    public static long assertMempoolLowWaterAtLeast(String output, long floor) {
        Matcher pool = LOW_WATER.matcher(output);
        assertTrue(pool.find(), "the stop report gives the pool's low-water mark: " + output);
        long lowWater = Long.parseLong(pool.group(2));
        assertLowWaterAtLeast(lowWater, Long.parseLong(pool.group(1)), floor, "while the appliance ran");
        return lowWater;
    }

    /**
     * Asserts a low-water mark read from the counters ({@code mempool.low_water}, on {@code stat} or the metrics
     * endpoint) is at least {@code floor} of a pool of {@code size}: the pool stayed available, not only whole at
     * the end.
     */
    public static void assertLowWaterAtLeast(long lowWater, long size, long floor, String during) {
        assertTrue(lowWater <= size, "a low-water mark within the pool: " + lowWater + " of " + size);
        assertTrue(lowWater >= floor, "the pool kept at least " + floor + " of " + size + " mbufs free " + during
                + "; its low-water mark was " + lowWater);
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
