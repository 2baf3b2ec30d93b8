package dev.lightpath.bench.e2e;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process the suite started, its output (stdout and stderr together) copied line by line into a log file by a
 * thread that blocks on the pipe, so waiting for a line costs the measured cores nothing: no polling of the log,
 * no grep and sleep started ten times a second beside spinning workers.
 */
final class Launched {
    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> seenAt = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    /** Every process started and not yet seen to end, for the suite's exit on a signal. */
    private static final Set<Launched> LIVE = ConcurrentHashMap.newKeySet();

    private Launched(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reader = Thread.ofPlatform().daemon().name("output of " + name).start(this::copyOutput);
    }

    static Launched start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Launched launched = new Launched(name, process, log);
        LIVE.add(launched);
        return launched;
    }

    private void copyOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (this) {
                    lines.add(line);
                    seenAt.add(System.nanoTime());
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process closed its output: it has ended
        } finally {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(this);
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits until the process prints a line containing {@code text}; returns the {@link System#nanoTime} it was
     * read at, or -1 when the process ended or the time ran out first.
     */
    long awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (this) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (lines.get(checked).contains(text)) {
                        return seenAt.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    synchronized boolean printed(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 if it had not ended in time. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(5_000);
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Asks the process to end (SIGTERM: servers drain and tidy, a JVM runs its shutdown hooks), and kills it
     * after 15 s; returns its exit code.
     */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** Stops every process still running: the suite is ending on a signal or a failure. */
    static void stopAll() {
        for (Launched launched : List.copyOf(LIVE)) {
            try {
                launched.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The end of the log, for a failure's message. */
    synchronized String tail() {
        int from = Math.max(0, lines.size() - 30);
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(from, lines.size())) {
            text.append("  | ").append(line).append('\n');
        }
        return text.toString();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }
}
