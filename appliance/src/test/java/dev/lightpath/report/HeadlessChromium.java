package dev.lightpath.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code /usr/bin/chromium} headless on a local file, once per call, with a fresh profile, no network
 * services and its log on stderr, bounded by a timeout. Fails (never skips) when Chromium is not installed.
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    /** What one run printed: the DOM (for --dump-dom) on stdout, Chromium's log on stderr. */
    record Output(String stdout, String stderr) {
        /** The page's console lines (messages, uncaught exceptions, CSP violations), from Chromium's log. */
        List<String> consoleLines() {
            return stderr.lines().filter(line -> line.contains(":CONSOLE") || line.contains("Uncaught")).toList();
        }
    }

    private HeadlessChromium() {
    }

    static void assertInstalled() {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: the report's browser check needs Chromium."
                + " Install it with `apt-get install -y chromium` (bin/setup --test does this).");
    }

    static Output dumpDom(Path page, Path workDir) throws Exception {
        return run(page, workDir, "--dump-dom");
    }

    static Output screenshot(Path page, Path png, Path workDir, int width, int height) throws Exception {
        return run(page, workDir, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
    }

    private static Output run(Path page, Path workDir, String... extra) throws Exception {
        assertInstalled();
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path stdout = Files.createTempFile(workDir, "chromium", ".out");
        Path stderr = Files.createTempFile(workDir, "chromium", ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                    + "\n" + read(stderr));
        }
        Output output = new Output(read(stdout), read(stderr));
        if (process.exitValue() != 0) {
            fail("Chromium exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n" + output.stderr());
        }
        return output;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
