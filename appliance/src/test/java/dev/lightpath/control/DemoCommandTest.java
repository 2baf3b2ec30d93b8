package dev.lightpath.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command, start to finish, in its own JVM (DPDK initialises once per process). */
class DemoCommandTest {
    @Test
    void demoForwardsCheckedFramesAndEndsWithThePoolWhole() throws Exception {
        Result result = run("demo", "--duration", "1s");
        assertEquals(0, result.exit, result.output);
        Matcher m = Pattern.compile("([\\d,]+) frames forwarded and checked; mempool (\\d+) of (\\d+) free \\(started at (\\d+)\\)")
                .matcher(result.output);
        assertTrue(m.find(), result.output);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 10_000, "frames moved: " + m.group(1));
        assertEquals(m.group(4), m.group(2), "the mempool is whole again");
    }

    @Test
    void badDurationIsAUsageError() throws Exception {
        Result result = run("demo", "--duration", "soon");
        assertEquals(2, result.exit, result.output);
        assertTrue(result.output.contains("'soon' is not a duration"), result.output);
    }

    @Test
    void versionNamesJdkAndDpdk() throws Exception {
        Result result = run("--version");
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("JDK " + Runtime.version().feature()), result.output);
        assertTrue(result.output.contains("DPDK 22.11"), result.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dlightpath.shim=" + System.getProperty("lightpath.shim"),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end within 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
