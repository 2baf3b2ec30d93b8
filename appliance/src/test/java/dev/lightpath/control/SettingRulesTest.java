package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.LoadgenSettings;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.RunSettings;
import dev.lightpath.control.config.SettingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules across settings, declared beside them ({@link SettingRule}): one message naming flags and keys whether
 * the file or the flags broke the rule, for each command and for check-config, and a flag of one of two settings
 * that exclude each other replacing the file's other.
 */
class SettingRulesTest {
    static final String RATE_AND_PROFILE = "--profile and --rate: give one, not both [load.profile, load.rate]";

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** Runs the program; what it writes to stderr, through picocli or directly (check-config), lands in err. */
    private int execute(String... args) {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(direct, true, java.nio.charset.StandardCharsets.UTF_8));
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            err.write(direct.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Path loadgenFile(String toml) throws Exception {
        return Files.writeString(dir.resolve("loadgen.toml"), "[target]\nurl = \"http://198.18.0.1/\"\n" + toml);
    }

    private LoadgenConfig merged(Path file, String... flags) {
        LoadgenCommand command = new LoadgenCommand();
        new CommandLine(command).parseArgs(flags);
        LoadgenConfig config = new LoadgenConfig().load(file);
        command.engineConfig(config);
        return config;
    }

    @Test
    void aRateAndAProfileAreRefusedAlikeFromTheFileFromTheFlagsAndByCheckConfig() throws Exception {
        Path both = loadgenFile("[load]\nrate = 100\nprofile = \"0:1k\"\n");
        assertEquals(2, execute("loadgen", "--config", both.toString(), "--device", "net_null0", "--ip",
                "198.18.0.2/24"));
        assertTrue(err.toString().contains(RATE_AND_PROFILE), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, execute("loadgen", "--url", "http://198.18.0.1/", "--device", "net_null0", "--ip",
                "198.18.0.2/24", "--profile", "0:1k", "-R", "500"));
        assertTrue(err.toString().contains(RATE_AND_PROFILE), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, execute("check-config", both.toString()));
        assertTrue(err.toString().contains(RATE_AND_PROFILE), err.toString());
    }

    @Test
    void aFlagForOneOfTwoExclusiveSettingsReplacesTheFilesOther() throws Exception {
        LoadgenConfig rated = merged(loadgenFile("[load]\nprofile = \"0:1k\"\n"), "-R", "500");
        assertEquals(500, rated.rate);
        assertNull(rated.profile);
        LoadgenConfig profiled = merged(loadgenFile("[load]\nrate = 100\n"), "--profile", "0:2k");
        assertEquals(0, profiled.rate);
        assertEquals("0:2k", profiled.profile);
        LoadgenConfig untouched = merged(loadgenFile("[load]\nrate = 100\n"), "-c", "5");
        assertEquals(100, untouched.rate, "a flag of neither leaves the file's value");
    }

    @Test
    void aProfileOrRateFlagReplacesTheFilesPhaseTables() throws Exception {
        String phases = "[[phase]]\nat = \"0s\"\nrate = 10\n";
        LoadgenConfig rated = merged(loadgenFile(phases), "-R", "500");
        assertEquals(500, rated.rate);
        assertEquals(List.of(), rated.phases);
        assertEquals(null, rated.profileText());
        LoadgenConfig profiled = merged(loadgenFile(phases), "--profile", "0:2k");
        assertEquals("0:2k", profiled.profileText());
        assertEquals(List.of(), profiled.phases);
        assertEquals("0s:10", merged(loadgenFile(phases), "-c", "5").profileText());
    }

    @Test
    void theUrlFlagReplacesEitherTargetKeyOfTheFile() throws Exception {
        Path urls = Files.writeString(dir.resolve("urls.toml"), "[target]\nurls = [\"http://198.18.0.3/\"]\n");
        LoadgenConfig flagged = merged(urls, "--url", "http://198.18.0.1/");
        assertEquals(List.of("http://198.18.0.1/"), flagged.urls);
        assertNull(flagged.url);
        Path both = Files.writeString(dir.resolve("both.toml"),
                "[target]\nurl = \"http://198.18.0.1/\"\nurls = [\"http://198.18.0.3/\"]\n");
        assertEquals(2, execute("check-config", both.toString()));
        assertTrue(err.toString().contains("--url: give one, not both [target.url, target.urls]"), err.toString());
    }

    @Test
    void theLoadgenMetricsEndpointNeedsTheCountersFileWhereverEitherComesFrom() throws Exception {
        assertEquals(2, execute("loadgen", "--url", "http://198.18.0.1/", "--device", "net_null0", "--ip",
                "198.18.0.2/24", "--metrics", "127.0.0.1:9101"));
        String message = "--metrics and --stats-file: the metrics endpoint serves the published counters: give the "
                + "counters file too [metrics.address, stats.file]";
        assertTrue(err.toString().contains(message), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, execute("check-config", loadgenFile("[metrics]\naddress = \"127.0.0.1:9101\"\n").toString()));
        assertTrue(err.toString().contains(message), err.toString());
        LoadgenConfig off = new LoadgenConfig().load(loadgenFile("[metrics]\naddress = \"off\"\n"));
        SettingRule.checkAll(off.engine, LoadgenSettings.ENGINE_RULES);
    }

    @Test
    void runsRulesGiveOneMessageForTheFileAndTheFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("appliance.toml"), "[ip]\ngateway6 = \"2001:db8::fe\"\n");
        String message = "--gateway and --ip: an IPv6 gateway without an IPv6 address: give the address too [ip.gateway6, "
                + "ip.address6]";
        IllegalArgumentException fromFile = assertThrows(IllegalArgumentException.class,
                () -> SettingRule.checkAll(new RunConfig().load(file), RunSettings.RULES));
        assertEquals(message, fromFile.getMessage());
        assertEquals(2, execute("run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--gateway", "2001:db8::fe"));
        assertTrue(err.toString().contains(message), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, execute("check-config", file.toString()));
        assertTrue(err.toString().contains(message), err.toString());
    }
}
