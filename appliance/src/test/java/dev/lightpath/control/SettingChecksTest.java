package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.LoadgenSettings;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.RunSettings;
import dev.lightpath.control.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value is refused for the same reason wherever it comes from: the file of either command, or either command's
 * flag. Each case is a value its setting refuses, as the file writes it and as the flag gives it: among them the
 * metrics address's IPv6 forms gone wrong, and the IPv4 addresses no single node holds, as this side's address, its
 * gateway, a target or a client address.
 */
class SettingChecksTest {
    record Refused(Setting<?, ?> setting, String inFile, String onCommandLine) {
    }

    static final List<Refused> SHARED = List.of(
            new Refused(EngineSettings.MEMPOOL, "20000000", "20000000"),
            new Refused(EngineSettings.MTU, "100", "100"),
            new Refused(EngineSettings.JIT_WARMUP, "\"soon\"", "soon"),
            new Refused(EngineSettings.STATS_FILE, "\" \"", " "),
            new Refused(EngineSettings.METRICS, "\"nowhere\"", "nowhere"),
            new Refused(EngineSettings.METRICS, "\"::1:9100\"", "::1:9100"),
            new Refused(EngineSettings.METRICS, "\"2001:db8::5:9100\"", "2001:db8::5:9100"),
            new Refused(EngineSettings.METRICS, "\"[::1]\"", "[::1]"),
            new Refused(EngineSettings.METRICS, "\"[::1]:99999\"", "[::1]:99999"),
            new Refused(EngineSettings.METRICS, "\"[2001:db8::zz]:9100\"", "[2001:db8::zz]:9100"),
            new Refused(EngineSettings.ADDRESS, "\"0.0.0.0/24\"", "0.0.0.0/24"),
            new Refused(EngineSettings.ADDRESS, "\"127.0.0.1/8\"", "127.0.0.1/8"),
            new Refused(EngineSettings.ADDRESS, "\"224.0.0.5/24\"", "224.0.0.5/24"),
            new Refused(EngineSettings.ADDRESS, "\"255.255.255.255/32\"", "255.255.255.255/32"),
            new Refused(EngineSettings.ADDRESS, "\"240.0.0.1/24\"", "240.0.0.1/24"),
            new Refused(EngineSettings.ADDRESS, "\"198.18.0.255/24\"", "198.18.0.255/24"),
            new Refused(EngineSettings.ADDRESS, "\"198.18.0.0/24\"", "198.18.0.0/24"),
            new Refused(EngineSettings.ADDRESS, "\"198.18.0.7/30\"", "198.18.0.7/30"),
            new Refused(EngineSettings.GATEWAY, "\"0.0.0.0\"", "0.0.0.0"),
            new Refused(EngineSettings.GATEWAY, "\"127.0.0.1\"", "127.0.0.1"),
            new Refused(EngineSettings.GATEWAY, "\"224.0.0.1\"", "224.0.0.1"),
            new Refused(EngineSettings.GATEWAY, "\"255.255.255.255\"", "255.255.255.255"),
            new Refused(EngineSettings.GATEWAY, "\"240.0.0.1\"", "240.0.0.1"));

    static final List<Refused> RUN = List.of(
            new Refused(RunSettings.HUGEPAGES, "-4", "-4"),
            new Refused(RunSettings.HTTP_PORT, "70000", "70000"),
            new Refused(RunSettings.LOG_LEVEL, "\"loud\"", "loud"));

    static final List<Refused> LOADGEN = List.of(
            new Refused(LoadgenSettings.CONNECTIONS, "0", "0"),
            new Refused(LoadgenSettings.PIPELINE, "300", "300"),
            new Refused(LoadgenSettings.RATE, "-5", "-5"),
            new Refused(LoadgenSettings.CONNECT_RATE, "-5", "-5"),
            new Refused(LoadgenSettings.PROFILE, "\"5s:1k\"", "5s:1k"),
            new Refused(LoadgenSettings.DURATION, "\"soon\"", "soon"),
            new Refused(LoadgenSettings.SOURCES, "[\"198.18.1.5/24\"]", "198.18.1.5/24"),
            new Refused(LoadgenSettings.SOURCES, "[\"0.0.0.0/31\"]", "0.0.0.0/31"),
            new Refused(LoadgenSettings.SOURCES, "[\"198.18.1.0/24\", \"127.0.0.0/24\"]", "198.18.1.0/24,127.0.0.0/24"),
            new Refused(LoadgenSettings.SOURCES, "[\"224.1.2.3\"]", "224.1.2.3"),
            new Refused(LoadgenSettings.SOURCES, "[\"255.255.255.255\"]", "255.255.255.255"),
            new Refused(LoadgenSettings.SOURCES, "[\"240.0.0.0/16\"]", "240.0.0.0/16"),
            new Refused(LoadgenSettings.URLS, "[\"http://0.0.0.0/\"]", "http://0.0.0.0/"),
            new Refused(LoadgenSettings.URLS, "[\"http://127.0.0.1:8080/\"]", "http://127.0.0.1:8080/"),
            new Refused(LoadgenSettings.URLS, "[\"http://224.0.0.1/\"]", "http://224.0.0.1/"),
            new Refused(LoadgenSettings.URLS, "[\"https://255.255.255.255/\"]", "https://255.255.255.255/"),
            new Refused(LoadgenSettings.URLS, "[\"http://240.0.0.1/@2\"]", "http://240.0.0.1/@2"));

    static final String[] RUN_BASE = {"run", "--device", "net_ring0", "--ip", "198.18.0.1/24"};
    static final String[] LOADGEN_BASE = {"loadgen", "--url", "http://198.18.0.1/", "--device", "net_null0", "--ip",
        "198.18.0.2/24"};

    @TempDir
    Path dir;

    @Test
    void aSharedValueIsRefusedForOneReasonByBothFilesAndBothCommandsFlags() throws Exception {
        for (Refused refused : SHARED) {
            String reason = fileReason(refused, true);
            assertEquals(reason, fileReason(refused, false), refused.setting().key());
            assertFlagRefused(refused, reason, RUN_BASE);
            assertFlagRefused(refused, reason, LOADGEN_BASE);
        }
    }

    @Test
    void eachCommandsOwnValueIsRefusedForOneReasonByItsFileAndItsFlag() throws Exception {
        for (Refused refused : RUN) {
            assertFlagRefused(refused, fileReason(refused, true), RUN_BASE);
        }
        for (Refused refused : LOADGEN) {
            assertFlagRefused(refused, fileReason(refused, false), LOADGEN_BASE);
        }
    }

    /** The reason the file's problem gives, without its line and key. */
    private String fileReason(Refused refused, boolean run) throws Exception {
        Setting<?, ?> setting = refused.setting();
        Path file = Files.writeString(dir.resolve(setting.name() + ".toml"),
                "[" + setting.section() + "]\n" + setting.name() + " = " + refused.inFile() + "\n");
        ConfigException e;
        try {
            if (run) {
                new RunConfig().load(file);
            } else {
                new LoadgenConfig().load(file);
            }
            throw new AssertionError(setting.key() + " = " + refused.inFile() + " was taken");
        } catch (ConfigException refusal) {
            e = refusal;
        }
        assertEquals(1, e.problems().size(), e.problems().toString());
        String prefix = "line 2: '" + setting.key() + "': ";
        assertTrue(e.problems().getFirst().startsWith(prefix), e.problems().toString());
        return e.problems().getFirst().substring(prefix.length());
    }

    private static void assertFlagRefused(Refused refused, String reason, String[] base) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            if (base[i].equals(refused.setting().flag())) {
                i++; // the value under test takes the place of the base's
            } else {
                args.add(base[i]);
            }
        }
        args.add(refused.setting().flag());
        args.add(refused.onCommandLine());
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args.toArray(String[]::new)), args + ": " + err);
        String expected = refused.setting().flag() + ": " + reason + " [" + refused.setting().key() + "]";
        assertEquals(expected, err.toString().lines().findFirst().orElse(""), String.join(" ", args));
    }
}
