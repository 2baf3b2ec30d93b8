package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's settings are declared once: both files' schemas, both commands' options and the checks of a value
 * from either source come from the declaration, and {@code check-config} says them back as a file would.
 */
class EngineSettingsTest {
    /** A value each checked setting refuses, as the file writes it and as the flag gives it. */
    static final Map<Setting<RunConfig, ?>, String[]> REFUSED = Map.of(
            EngineSettings.MEMPOOL, new String[] {"100", "100"},
            EngineSettings.VLAN, new String[] {"5000", "5000"},
            EngineSettings.IDLE, new String[] {"\"nap\"", "nap"},
            EngineSettings.CORES, new String[] {"\"cores\"", "cores"},
            EngineSettings.ADDRESS, new String[] {"\"198.18.0.300/24\"", "198.18.0.300/24"},
            EngineSettings.GATEWAY, new String[] {"\"gw\"", "gw"});

    @TempDir
    Path dir;

    @Test
    void eachSettingIsAKeyOfBothFilesAndAnOptionOfBothCommandsWithItsDeclaredHelp() {
        CommandLine run = new CommandLine(new RunCommand());
        CommandLine loadgen = new CommandLine(new LoadgenCommand());
        for (Setting<RunConfig, ?> setting : EngineSettings.ALL) {
            assertEquals(setting.type(), RunConfig.SCHEMA.get(setting.key()), setting.key());
            assertEquals(setting.type(), LoadgenConfig.SCHEMA.get(setting.key()), setting.key());
            for (CommandLine command : List.of(run, loadgen)) {
                OptionSpec option = command.getCommandSpec().findOption(setting.flag());
                assertNotNull(option, setting.flag());
                // A flag two settings share (one per address family) is declared by the first, naming both keys.
                List<Setting<RunConfig, ?>> sharing = EngineSettings.ALL.stream()
                        .filter(other -> other.flag().equals(setting.flag())).toList();
                String expected = sharing.size() == 1 ? setting.description() : sharing.get(0).help() + ". ["
                        + String.join(", ", sharing.stream().map(Setting::key).toList()) + "]";
                assertEquals(List.of(expected), List.of(option.description()), setting.flag());
                assertEquals(setting.label(), option.paramLabel(), setting.flag());
                assertTrue(setting.description().endsWith("[" + setting.key() + "]"), setting.description());
            }
        }
    }

    @Test
    void aValueIsRefusedForTheSameReasonFromEitherFileAndEitherCommandsFlag() throws Exception {
        for (Map.Entry<Setting<RunConfig, ?>, String[]> refused : REFUSED.entrySet()) {
            Setting<RunConfig, ?> setting = refused.getKey();
            String section = setting.key().substring(0, setting.key().indexOf('.'));
            String name = setting.key().substring(section.length() + 1);
            Path file = Files.writeString(dir.resolve(name + ".toml"),
                    "[" + section + "]\n" + name + " = " + refused.getValue()[0] + "\n");
            String runProblem = onlyProblem(assertThrows(ConfigException.class, () -> new RunConfig().load(file)));
            String loadgenProblem = onlyProblem(assertThrows(ConfigException.class,
                    () -> new LoadgenConfig().load(file)));
            assertEquals(runProblem, loadgenProblem, setting.key());

            String[] flags = setting == EngineSettings.ADDRESS
                    ? new String[] {"--device", "net_ring0", setting.flag(), refused.getValue()[1]}
                    : new String[] {"--device", "net_ring0", "--ip", "198.18.0.1/24", setting.flag(), refused.getValue()[1]};
            RunCommand runCommand = new RunCommand();
            new CommandLine(runCommand).parseArgs(flags);
            String fromRun = assertThrows(IllegalArgumentException.class,
                    () -> runCommand.effectiveConfig().settings()).getMessage();
            LoadgenCommand loadgenCommand = new LoadgenCommand();
            new CommandLine(loadgenCommand).parseArgs(flags);
            String fromLoadgen = assertThrows(IllegalArgumentException.class,
                    () -> loadgenCommand.engineConfig(new LoadgenConfig()).settings()).getMessage();
            assertEquals(fromRun, fromLoadgen, setting.flag());

            assertTrue(fromRun.startsWith(setting.flag() + ": ") && fromRun.endsWith(" [" + setting.key() + "]"),
                    fromRun);
            String reason = fromRun.substring(setting.flag().length() + 2, fromRun.length() - setting.key().length() - 3);
            assertEquals("line 2: '" + setting.key() + "': " + reason, runProblem, "the file's reason is the flag's");
        }
    }

    @Test
    void checkConfigSaysTheEngineSettingsBackAsAFileThatReadsTheSame() throws Exception {
        Path file = Files.writeString(dir.resolve("engine.toml"), """
                [port]
                devices = ["net_ring0", "net_ring1"]
                mempool = 4095
                [ip]
                address = "198.18.0.1/24"
                gateway = "198.18.0.254"
                vlan = 42
                [engine]
                cores = "0"
                idle = "backoff"
                eal = ["--log-level=debug"]
                """);
        RunConfig read = new RunConfig().load(file);
        String described = read.describe();
        assertTrue(described.contains("[ip]\naddress = \"198.18.0.1/24\"\ngateway = \"198.18.0.254\"\nvlan = 42\n"),
                described);
        RunConfig again = new RunConfig().load(Files.writeString(dir.resolve("again.toml"), described));
        for (Setting<RunConfig, ?> setting : EngineSettings.ALL) {
            assertEquals(setting.get().apply(read), setting.get().apply(again), setting.key());
        }
    }

    private static String onlyProblem(ConfigException e) {
        assertEquals(1, e.problems().size(), e.problems().toString());
        return e.problems().getFirst();
    }
}
