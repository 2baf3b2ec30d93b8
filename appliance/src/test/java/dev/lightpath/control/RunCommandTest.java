package dev.lightpath.control;

import dev.lightpath.control.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run command's flags and file merge, and its usage errors, without starting DPDK. */
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void flagsWinOverTheFile() throws Exception {
        Path file = dir.resolve("a.toml");
        Files.writeString(file, """
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [engine]
                idle = "backoff"
                """);
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--ip", "198.18.9.9/24", "--echo");
        RunConfig run = command.effectiveConfig();
        assertEquals(List.of("net_ring0"), run.devices, "from the file");
        assertEquals("198.18.9.9/24", run.address, "the flag wins");
        assertEquals("backoff", run.idle, "from the file");
        assertTrue(run.echo);
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        assertUsageError("no device", "run", "--ip", "198.18.0.1/24");
        assertUsageError("'1.2.3' is not an IPv4 address", "run", "--device", "net_ring0", "--ip", "1.2.3/24");
        assertUsageError("does not exist", "run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--cores", "512");
        assertUsageError("unknown idle strategy", "run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--idle", "doze");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[ip]\nadress = \"198.18.0.1/24\"\n");
        assertUsageError("line 2: unknown key 'ip.adress' (did you mean 'ip.address'?)", "run", "--config", bad.toString());
        assertUsageError("Unknown option: '--colour'", "run", "--colour");
    }

    @Test
    void checkConfigReportsEveryProblem() throws Exception {
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[ip]\naddress = \"x/24\"\n[engine]\nidle = 3\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("check-config", bad.toString());
        assertEquals(2, exit);
        Path shipped = Path.of(System.getProperty("lightpath.home", ".."), "config", "appliance.toml");
        assertEquals(0, new CommandLine(new Main()).execute("check-config", shipped.toString()));
    }

    private static void assertUsageError(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        assertEquals(2, exit, String.join(" ", args) + " -> " + err);
        assertTrue(err.toString().contains(message), "expected '" + message + "' in: " + err);
    }
}
