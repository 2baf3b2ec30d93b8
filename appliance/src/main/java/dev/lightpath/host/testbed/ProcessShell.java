package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host's own commands, each given {@code limit} to end before it is killed and reported. */
public final class ProcessShell implements Shell {
    private final Duration limit;

    public ProcessShell(Duration limit) {
        this.limit = limit;
    }

    @Override
    public String run(List<String> command) throws IOException, InterruptedException {
        // Output goes to a file, not a pipe: a command that hangs with its pipe open would hold a reader past
        // any limit, and one that fills a pipe nobody reads would never end.
        Path output = Files.createTempFile("lightpath-bed", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + limit.toSeconds() + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + text.strip());
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public void quiet(List<String> command) throws InterruptedException {
        try {
            run(command);
        } catch (IOException ignored) {
            // nothing to change, or nothing left to remove
        }
    }

    @Override
    public Process start(List<String> command, Path log) throws IOException {
        Path folder = log.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
