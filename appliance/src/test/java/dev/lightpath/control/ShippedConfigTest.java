package dev.lightpath.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every configuration file the project ships checks clean, as its comments promise. */
class ShippedConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"appliance.toml", "demo.toml", "loadgen.toml"})
    void shippedFilesAreValid(String name) {
        Path file = DemoCommand.findConfig(name);
        assertTrue(Files.isRegularFile(file), file.toString());
        assertEquals(0, Main.execute("check-config", file.toString()), "check-config " + file);
    }

    @org.junit.jupiter.api.Test
    void checkConfigListsEveryDeclaredKeyWithItsDefaultAndFlag() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("check-config", "--keys"));
        } finally {
            System.setOut(saved);
        }
        java.util.List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        java.util.List<dev.lightpath.control.config.Setting<?, ?>> all = new java.util.ArrayList<>(
                dev.lightpath.control.config.RunSettings.ALL);
        all.addAll(dev.lightpath.control.config.LoadgenSettings.OWN);
        for (dev.lightpath.control.config.Setting<?, ?> setting : all) {
            String line = lines.stream().filter(l -> l.startsWith(setting.key() + " (")).findFirst()
                    .orElseThrow(() -> new AssertionError(setting.key() + " not listed"));
            assertTrue(setting.flag() == null || line.contains("flag " + String.join(", ", setting.names())), line);
            assertTrue(line.endsWith("): " + setting.help()), line);
        }
        assertTrue(lines.contains("port.mempool (integer, default 8191, flag --mempool): Mbufs in the packet pool, "
                + "1023 to 16777215"), lines.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[load]\nconections = 5\n", "[target]\nurl = \"ftp://198.18.0.1/\"\n",
        "[[request]]\nmethod = \"get\"\n", "[load]\nduration = \"soon\"\n", "[stats]\nfile = \" \"\n"})
    void badLoadgenFilesAreUsageErrors(String text, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("loadgen.toml");
        Files.writeString(file, text);
        assertEquals(2, Main.execute("check-config", file.toString()), text);
    }
}
