package dev.lightpath.control.config;

import dev.lightpath.control.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class CoreListTest {
    static TreeSet<Integer> set(Integer... cores) {
        return new TreeSet<>(List.of(cores));
    }

    @Test
    void listsParseAsLinuxAndDpdkWriteThem() {
        assertEquals(List.of(1), CoreList.parse("1", set(0, 1)));
        assertEquals(List.of(0, 1, 2, 3), CoreList.parse("0-3", set(0, 1, 2, 3)));
        assertEquals(List.of(0, 2, 4, 5), CoreList.parse("0,2,4-5", set(0, 1, 2, 3, 4, 5)));
        for (String bad : List.of("", "a", "1-", "-1", "3-1", "1,,2", "12345")) {
            assertThrows(IllegalArgumentException.class, () -> CoreList.parse(bad, set(0, 1)), bad);
        }
    }

    /** {@code taskset -c 1 appliance run --cores 1}: core 1 of a 2-core machine, the only one the mask allows. */
    @Test
    void theAffinityMaskDecidesNotTheNumberOfCpus() {
        assertEquals(List.of(1), CoreList.parse("1", set(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoreList.parse("0", set(1)));
        assertTrue(e.getMessage().contains("core 0 is not one this process may run on: its CPU affinity allows 1"),
                e.getMessage());
        assertEquals(List.of(8, 9), CoreList.parse("8-9", set(8, 9, 10)));
    }

    @Test
    void theMaskIsWrittenBackAsAList() {
        assertEquals("0-3,6,8-9", CoreList.write(set(0, 1, 2, 3, 6, 8, 9)));
        assertEquals("1", CoreList.write(set(1)));
    }

    @Test
    void thisProcessMayRunOnWhatTheKernelSays() throws Exception {
        TreeSet<Integer> allowed = CoreList.allowedCores();
        assertFalse(allowed.isEmpty());
        for (int core : allowed) {
            assertEquals(List.of(core), CoreList.parse(Integer.toString(core)));
        }
    }

    /** The program itself under {@code taskset}: a configuration naming the only allowed core passes, another fails. */
    @Test
    void checkConfigUnderTasksetAcceptsTheCoreItMayRunOn(@TempDir Path dir) throws Exception {
        int core = CoreList.allowedCores().last();
        int other = core == 0 ? 1 : 0;
        Path good = dir.resolve("good.toml");
        Files.writeString(good, "[engine]\ncores = \"" + core + "\"\n");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[engine]\ncores = \"" + other + "\"\n");
        assertEquals(0, checkConfigPinnedTo(core, good).exit(), "core " + core + " under taskset -c " + core);
        Run refused = checkConfigPinnedTo(core, bad);
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("core " + other + " is not one this process may run on"), refused.output());
    }

    record Run(int exit, String output) {
    }

    static Run checkConfigPinnedTo(int core, Path config) throws Exception {
        Process p = new ProcessBuilder("taskset", "-c", Integer.toString(core),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check-config", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "check-config ended");
        return new Run(p.exitValue(), output);
    }
}
