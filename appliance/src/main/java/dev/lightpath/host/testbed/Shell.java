package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the bed reaches the host: every change it makes is one command line, so a test can record the lines
 * instead of running them, and a failure names the line that failed.
 */
public interface Shell {
    /** Runs a command to its end within a bounded time; returns its output, or fails with it. */
    String run(List<String> command) throws IOException, InterruptedException;

    /** Runs a command whose failure changes nothing that matters (an offload a driver lacks, a link already gone). */
    void quiet(List<String> command) throws InterruptedException;

    /** Starts a long-running command, its output (stdout and stderr together) written to {@code log}. */
    Process start(List<String> command, Path log) throws IOException;
}
