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

    @ParameterizedTest
    @ValueSource(strings = {"[load]\nconections = 5\n", "[target]\nurl = \"https://198.18.0.1/\"\n",
        "[[request]]\nmethod = \"get\"\n", "[load]\nduration = \"soon\"\n", "[stats]\nfile = \" \"\n"})
    void badLoadgenFilesAreUsageErrors(String text, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("loadgen.toml");
        Files.writeString(file, text);
        assertEquals(2, Main.execute("check-config", file.toString()), text);
    }
}
