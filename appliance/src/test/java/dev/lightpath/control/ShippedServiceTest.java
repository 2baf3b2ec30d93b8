package dev.lightpath.control;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The systemd unit in config/ starts the program as it is: its commands name the launcher and commands, flags and a
 * configuration file the program takes (with the checkout for /opt/lightpath and config/appliance.toml for
 * /etc/lightpath/appliance.toml).
 */
class ShippedServiceTest {
    @Test
    void theUnitsCommandsAreOnesTheProgramTakes() throws Exception {
        Path unit = DemoCommand.findConfig("lightpath.service");
        Path home = unit.getParent().getParent();
        List<List<String>> commands = new ArrayList<>();
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("ExecStart=") || line.startsWith("ExecStartPre=")) {
                List<String> words = new ArrayList<>(List.of(line.substring(line.indexOf('=') + 1).trim().split("\\s+")));
                assertEquals("/opt/lightpath/bin/appliance", words.getFirst(), line);
                assertTrue(Files.isExecutable(home.resolve("bin/appliance")), "the launcher is bin/appliance");
                words.removeFirst();
                words.replaceAll(word -> word.equals("/etc/lightpath/appliance.toml")
                        ? unit.resolveSibling("appliance.toml").toString() : word);
                commands.add(words);
            }
        }
        assertEquals(2, commands.size(), "a check and a start: " + commands);
        assertEquals(List.of("check-config"), commands.get(0).subList(0, 1));
        assertEquals(0, Main.execute(commands.get(0).toArray(String[]::new)), "the shipped configuration checks clean");
        assertEquals("run", commands.get(1).getFirst());
        // Parsed, not run: every flag is one 'run' takes, and the file it names loads.
        picocli.CommandLine.ParseResult parsed = Main.commandLine().parseArgs(commands.get(1).toArray(String[]::new));
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertNotNull(run.effectiveConfig());
        String text = Files.readString(unit);
        assertTrue(text.contains("RestartPreventExitStatus=2"), "configuration errors (exit 2) are not restarted");
    }
}
