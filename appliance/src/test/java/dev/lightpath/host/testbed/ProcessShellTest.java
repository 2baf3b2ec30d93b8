package dev.lightpath.host.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host's commands, bounded: no root needed (sh only). */
class ProcessShellTest {
    private final ProcessShell shell = new ProcessShell(Duration.ofSeconds(1));

    @Test
    void outputAndErrorsComeBackTogether() throws Exception {
        assertEquals("out\nerr\n", shell.run(List.of("sh", "-c", "echo out; echo err >&2")));
    }

    @Test
    void aFailureNamesTheLineItsCodeAndItsOutput() {
        IOException e = assertThrows(IOException.class, () -> shell.run(List.of("sh", "-c", "echo nope; exit 3")));
        assertEquals("sh -c echo nope; exit 3 failed (3): nope", e.getMessage());
    }

    @Test
    void aCommandThatHangsWithItsOutputOpenIsStoppedAtTheLimit() {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> shell.run(List.of("sh", "-c", "echo started; exec sleep 30")));
        assertTrue(e.getMessage().contains("did not end within 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "bounded by the limit, not the command");
    }
}
