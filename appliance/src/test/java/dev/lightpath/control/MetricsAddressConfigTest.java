package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code metrics.address} in IPv6 as check-config, run and loadgen take it: a bracketed literal read from either
 * file and written back the same, and an unbracketed one refused naming the key.
 */
class MetricsAddressConfigTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the program; what it writes, through picocli or directly (check-config), lands in out and err. */
    private int execute(String... args) {
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream directErr = new ByteArrayOutputStream();
        ByteArrayOutputStream directOut = new ByteArrayOutputStream();
        System.setErr(new PrintStream(directErr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(directOut, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            err.write(directErr.toString(StandardCharsets.UTF_8));
            out.write(directOut.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void checkConfigTakesABracketedAddressInEitherFileAndWritesItBack() throws Exception {
        Path run = Files.writeString(dir.resolve("appliance.toml"), "[port]\ndevices = [\"net_ring0\"]\n[ip]\n"
                + "address = \"198.18.0.1/24\"\n[metrics]\naddress = \"[::1]:9100\"\n");
        assertEquals(0, execute("check-config", run.toString()), err.toString());
        assertTrue(out.toString().contains("[metrics]\naddress = \"[::1]:9100\"\n"), out.toString());
        assertEquals("[::1]:9100", new RunConfig().load(run).metricsAddress);

        Path loadgen = Files.writeString(dir.resolve("loadgen.toml"), "[target]\nurl = \"http://198.18.0.1/\"\n"
                + "[stats]\nfile = \"/dev/shm/lightpath-test.counters\"\n[metrics]\naddress = \"[::]:9101\"\n");
        out.getBuffer().setLength(0);
        assertEquals(0, execute("check-config", loadgen.toString()), err.toString());
        assertTrue(out.toString().contains("address = \"[::]:9101\""), out.toString());
        assertEquals("[::]:9101", new LoadgenConfig().load(loadgen).engine.metricsAddress);
    }

    @Test
    void anUnbracketedAddressIsRefusedNamingTheKeyByCheckConfigRunAndLoadgen() throws Exception {
        String why = "'2001:db8::5:9100': an IPv6 address is written in brackets before its port, e.g. [::1]:9100";
        Path run = Files.writeString(dir.resolve("appliance.toml"), "[metrics]\naddress = \"2001:db8::5:9100\"\n");
        assertEquals(2, execute("check-config", run.toString()));
        assertTrue(err.toString().contains("line 2: 'metrics.address': " + why), err.toString());

        err.getBuffer().setLength(0);
        Path loadgen = Files.writeString(dir.resolve("loadgen.toml"), "[target]\nurl = \"http://198.18.0.1/\"\n"
                + "[metrics]\naddress = \"2001:db8::5:9100\"\n");
        assertEquals(2, execute("check-config", loadgen.toString()));
        assertTrue(err.toString().contains("line 4: 'metrics.address': " + why), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, execute("run", "--device", "net_ring0", "--ip", "198.18.0.1/24", "--metrics",
                "2001:db8::5:9100"));
        assertTrue(err.toString().contains("--metrics: " + why + " [metrics.address]"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, execute("loadgen", "--device", "net_null0", "--ip", "198.18.0.2/24", "--url",
                "http://198.18.0.1/", "--stats-file", dir.resolve("c").toString(), "--metrics", "[::1]"));
        assertTrue(err.toString().contains("--metrics: '[::1]' is not [ADDRESS]:PORT (e.g. [::1]:9100) "
                + "[metrics.address]"), err.toString());
    }

    @Test
    void theHelpSaysHowToWriteAnIpv6Address() {
        assertEquals(0, execute("run", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("[ADDRESS]:PORT with an IPv6 one, e.g. [::1]:9100 or [2001:db8::5]:9100"), help);
    }
}
