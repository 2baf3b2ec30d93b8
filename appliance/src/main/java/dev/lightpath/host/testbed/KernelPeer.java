package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A program of the host's own (nginx, wrk, curl, a Netty server) started in one of the bed's namespaces, its
 * output in a log file. Every wait is bounded; {@link #close} stops it whatever happened before.
 */
public final class KernelPeer implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    KernelPeer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the program to end by itself; returns its exit code, or -1 if it had not ended in time. */
    public int awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** What the program printed so far. */
    public String output() throws IOException {
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM (a server finishes its requests and tidies), then SIGKILL after 15 s; returns the exit code. */
    public int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
