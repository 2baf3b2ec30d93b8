package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine flags run and loadgen share: declared once, merged over the file alike, checked alike. */
class EngineOptionsTest {
    static final List<String> SHARED = List.of("--device", "--ip", "--gateway", "--vlan", "--cores", "--idle",
            "--mempool", "--checksum-offload", "--mtu", "--eal");

    @TempDir
    Path dir;

    @Test
    void bothCommandsOfferTheSameFlagsWithTheSameHelp() {
        CommandLine run = new CommandLine(new RunCommand());
        CommandLine loadgen = new CommandLine(new LoadgenCommand());
        for (String name : SHARED) {
            OptionSpec inRun = run.getCommandSpec().findOption(name);
            OptionSpec inLoadgen = loadgen.getCommandSpec().findOption(name);
            assertEquals(List.of(inRun.description()), List.of(inLoadgen.description()), name);
            assertEquals(inRun.paramLabel(), inLoadgen.paramLabel(), name);
        }
    }

    @Test
    void flagsWinOverTheFileInBothCommands() throws Exception {
        String engineFile = """
                [port]
                devices = ["net_ring0"]
                mempool = 4095
                checksum_offload = false
                mtu = 9000
                [ip]
                address = "198.18.0.1/24"
                [engine]
                cores = "0"
                idle = "backoff"
                eal = ["--log-level=debug"]
                """;
        Path runFile = Files.writeString(dir.resolve("run.toml"), engineFile);
        Path loadgenFile = Files.writeString(dir.resolve("loadgen.toml"), engineFile + """
                [target]
                url = "http://198.18.0.2/"
                """);
        String[] flags = {"--ip", "198.18.9.9/24", "--mempool", "2047", "--mtu", "4000", "--eal", "--in-memory -l 0"};

        RunCommand runCommand = new RunCommand();
        new CommandLine(runCommand).parseArgs(concat(new String[] {"--config", runFile.toString()}, flags));
        RunConfig run = runCommand.effectiveConfig();

        LoadgenCommand loadgenCommand = new LoadgenCommand();
        new CommandLine(loadgenCommand).parseArgs(flags);
        RunConfig loadgen = loadgenCommand.engineConfig(new LoadgenConfig().load(loadgenFile));

        for (RunConfig merged : List.of(run, loadgen)) {
            assertEquals(List.of("net_ring0"), merged.devices, "from the file");
            assertEquals("198.18.9.9/24", merged.address, "the flag wins");
            assertEquals(2047, merged.mempool, "the flag wins");
            assertEquals(List.of("--in-memory", "-l", "0"), merged.eal, "the flag wins, split at spaces");
            assertEquals("backoff", merged.idle, "from the file");
            assertFalse(merged.checksumOffload, "from the file");
            assertEquals(4000, merged.mtu, "the flag wins");
            assertEquals(new dev.lightpath.engine.PortOptions(false, 4000), merged.settings().port());
        }
    }

    @Test
    void checksumOffloadIsOnOrOffAndTheMtuInRangeNamingTheirKeys() {
        RunCommand on = new RunCommand();
        new CommandLine(on).parseArgs("--checksum-offload", "off", "--device", "net_ring0", "--ip", "198.18.0.1/24");
        assertFalse(on.effectiveConfig().checksumOffload);
        RunCommand bad = new RunCommand();
        new CommandLine(bad).parseArgs("--checksum-offload", "maybe");
        CommandLine.ParameterException word = assertThrows(CommandLine.ParameterException.class, bad::effectiveConfig,
                "a usage error, as every engine flag's");
        assertTrue(word.getMessage().contains("[port.checksum_offload]"), word.getMessage());
        RunCommand huge = new RunCommand();
        new CommandLine(huge).parseArgs("--mtu", "20000", "--device", "net_ring0", "--ip", "198.18.0.1/24");
        IllegalArgumentException mtu = assertThrows(IllegalArgumentException.class,
                () -> huge.effectiveConfig().settings());
        assertTrue(mtu.getMessage().contains("[port.mtu]"), mtu.getMessage());
    }

    @Test
    void loadgenCoresComeByNameOrByCountFromTheFileOrAFlagThatReplacesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("cores.toml"), """
                [engine]
                cores = "1"
                """);
        assertEquals("1", engineConfig(new LoadgenConfig().load(file)).cores);
        assertEquals("0-1", engineConfig(new LoadgenConfig().load(file), "-t", "2").cores);
        Path counted = Files.writeString(dir.resolve("threads.toml"), """
                [engine]
                threads = 2
                """);
        assertEquals("0-1", engineConfig(new LoadgenConfig().load(counted)).cores);
        assertEquals("1", engineConfig(new LoadgenConfig().load(counted), "--cores", "1").cores);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> engineConfig(new LoadgenConfig(), "-t", "2", "--cores", "1"));
        assertEquals("--threads and --cores: give one, not both [engine.threads, engine.cores]", both.getMessage());
        Path fileBoth = Files.writeString(dir.resolve("both.toml"), "[engine]\ncores = \"1\"\nthreads = 2\n");
        assertThrows(IllegalArgumentException.class, () -> engineConfig(new LoadgenConfig().load(fileBoth)));
    }

    @Test
    void loadgenThreadsAreCheckedAlikeFromTheFileAndTheFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("zero.toml"), "[engine]\nthreads = 0\n");
        ConfigException fromFile = assertThrows(ConfigException.class, () -> new LoadgenConfig().load(file));
        assertTrue(fromFile.getMessage().contains("'engine.threads': 0 is outside 1..1024"), fromFile.getMessage());
        LoadgenCommand command = new LoadgenCommand();
        new CommandLine(command).parseArgs("-t", "0");
        IllegalArgumentException fromFlag = assertThrows(IllegalArgumentException.class,
                () -> command.engineConfig(new LoadgenConfig()));
        String message = fromFlag.getMessage();
        assertTrue(message.contains("--threads: 0 is outside 1..1024 [engine.threads]"), message);
    }

    @Test
    void anOutOfRangePoolInTheFileIsAProblemForBothCommands() throws Exception {
        for (long mempool : new long[] {100, 20_000_000}) {
            Path file = Files.writeString(dir.resolve("pool.toml"), """
                    [port]
                    mempool = %d
                    """.formatted(mempool));
            ConfigException run = assertThrows(ConfigException.class, () -> new RunConfig().load(file));
            ConfigException loadgen = assertThrows(ConfigException.class, () -> new LoadgenConfig().load(file));
            String expected = "line 2: 'port.mempool': " + mempool + " is outside 1023..16777215";
            assertTrue(run.problems().stream().anyMatch(p -> p.contains(expected)), run.problems().toString());
            assertTrue(loadgen.problems().stream().anyMatch(p -> p.contains(expected)), loadgen.problems().toString());
        }
    }

    @Test
    void anOutOfRangePoolFlagIsRefusedByBothCommands() {
        for (String mempool : List.of("100", "20000000")) {
            RunCommand runCommand = new RunCommand();
            new CommandLine(runCommand).parseArgs("--device", "net_ring0", "--ip", "198.18.0.1/24", "--mempool", mempool);
            IllegalArgumentException run = assertThrows(IllegalArgumentException.class,
                    () -> runCommand.effectiveConfig().settings());

            LoadgenCommand loadgenCommand = new LoadgenCommand();
            new CommandLine(loadgenCommand).parseArgs("--device", "net_ring0", "--ip", "198.18.0.1/24", "--mempool",
                    mempool);
            IllegalArgumentException loadgen = assertThrows(IllegalArgumentException.class,
                    () -> loadgenCommand.engineConfig(new LoadgenConfig()).settings());
            assertEquals(run.getMessage(), loadgen.getMessage());
            assertTrue(run.getMessage().contains("[port.mempool]"), run.getMessage());
        }
    }

    private static RunConfig engineConfig(LoadgenConfig file, String... flags) {
        LoadgenCommand command = new LoadgenCommand();
        new CommandLine(command).parseArgs(flags);
        return command.engineConfig(file);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
