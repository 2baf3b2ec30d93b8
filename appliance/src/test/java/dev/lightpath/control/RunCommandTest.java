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
        assertEquals(null, run.statsFile, "the default file");
        assertEquals(null, run.metricsAddress, "the default address");
        assertEquals("info", run.logLevel);
    }

    @Test
    void operabilityFlagsWinOverTheFile() throws Exception {
        Path file = dir.resolve("ops.toml");
        Files.writeString(file, """
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [stats]
                file = "/tmp/from-file.counters"
                [metrics]
                address = "127.0.0.1:9200"
                [log]
                level = "warn"
                """);
        RunCommand fromFile = new RunCommand();
        new CommandLine(fromFile).parseArgs("--config", file.toString());
        RunConfig run = fromFile.effectiveConfig();
        assertEquals("/tmp/from-file.counters", run.statsFile);
        assertEquals("127.0.0.1:9200", run.metricsAddress);
        assertEquals("warn", run.logLevel);
        RunCommand flags = new RunCommand();
        new CommandLine(flags).parseArgs("--config", file.toString(), "--stats-file", dir.resolve("x.counters").toString(),
                "--metrics", "off", "--log-level", "debug");
        run = flags.effectiveConfig();
        assertEquals(dir.resolve("x.counters").toString(), run.statsFile);
        assertEquals("off", run.metricsAddress);
        assertEquals("debug", run.logLevel);
        run.settings();
    }

    @Test
    void badOperabilityValuesAreUsageErrors() throws Exception {
        String[] base = {"run", "--device", "net_ring0", "--ip", "198.18.0.1/24"};
        assertUsageError("--metrics: 'nowhere' is not HOST:PORT (e.g. 127.0.0.1:9100) or off [metrics.address]",
                concat(base, "--metrics", "nowhere"));
        assertUsageError("the port must be 0-65535, not '99999'", concat(base, "--metrics", "127.0.0.1:99999"));
        assertUsageError("'example.org' is not an IPv4 address or localhost", concat(base, "--metrics", "example.org:9100"));
        assertUsageError("'300.1.1.1' is not an IPv4 address", concat(base, "--metrics", "300.1.1.1:9100"));
        assertUsageError("unknown log level 'loud' (error, warn, info or debug)", concat(base, "--log-level", "loud"));
        assertUsageError("--stats-file: name a file, or leave it out for the default [stats.file]",
                concat(base, "--stats-file", " "));
        Path bad = dir.resolve("bad-ops.toml");
        Files.writeString(bad, "[metrics]\naddress = \"127.0.0.1\"\n[log]\nlevel = \"chatty\"\n");
        assertUsageError("line 2: 'metrics.address': '127.0.0.1' is not HOST:PORT", "run", "--config", bad.toString());
        assertUsageError("unknown log level 'chatty'", "run", "--config", bad.toString());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        assertUsageError("no device", "run", "--ip", "198.18.0.1/24");
        assertUsageError("'1.2.3' is not an IPv4 address", "run", "--device", "net_ring0", "--ip", "1.2.3/24");
        assertUsageError("is not one this process may run on", "run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--cores", "512");
        assertUsageError("unknown idle strategy", "run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--idle", "doze");
        assertUsageError("--hugepages: -4 is outside 0..1000000 [port.hugepages]", "run", "--device", "net_ring0", "--ip", "198.18.0.1/24",
                "--hugepages", "-4");
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

    @Test
    void badImpairmentsAreUsageErrorsForRunAndLoadgen() {
        String[] run = {"run", "--device", "net_ring0", "--ip", "198.18.0.1/24"};
        assertUsageError("--impair: impairment loss must be a probability in 0..1, was 2.0",
                concat(run, "--impair", "loss=2"));
        assertUsageError("unknown impairment 'lose'", concat(run, "--impair", "lose=0.1"));
        String[] loadgen = {"loadgen", "--url", "http://198.18.0.1/", "--device", "net_ring0", "--ip", "198.18.0.2/24"};
        assertUsageError("impairment dup: 'x' is not a number", concat(loadgen, "--impair", "dup=x"));
        assertUsageError("--impair: impairment delay: '10' is not a duration", concat(run, "--impair", "delay=10"));
        assertUsageError("--impair: impairment jitter 5ms exceeds delay 1ms",
                concat(run, "--impair", "delay=1ms,jitter=5ms"));
        assertUsageError("--impair: impairment rate: '100mbps' is not a rate",
                concat(loadgen, "--impair", "rate=100mbps,queue=200kb"));
        assertUsageError("--impair: impairment ge needs p: and r:", concat(loadgen, "--impair", "ge=p:0.1"));
        assertUsageError("--impair: impairment flap down: must be shorter than every:",
                concat(run, "--impair", "flap=every:1s/down:2s"));
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
