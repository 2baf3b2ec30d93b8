package dev.lightpath.control;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's flags for profiles, arrivals, interval logs and start times: in --help, and a bad value
 * refused before anything starts, with exit code 2 and a message naming the flag.
 */
class LoadgenFlagsTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int loadgen(String... flags) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("loadgen", "--device", "net_null0",
                "--ip", "198.18.0.2/24"));
        if (!java.util.List.of(flags).contains("--url")) {
            args.addAll(java.util.List.of("--url", "http://198.18.0.1/"));
        }
        args.addAll(java.util.List.of(flags));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void theNewFlagsAreInTheHelp() {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("loadgen", "--help"));
        String help = out.toString().replaceAll("\\s+", "");
        for (String flag : new String[] {"--profile", "--connect-rate", "--histogram-log", "--start-at", "--source",
                "URL[@WEIGHT]", "[client.addresses]", "[target.url,target.urls]", "https://IPv4[:PORT]/path",
                "--server-name=NAME", "[tls.server_name]", "--cacert=FILE", "[tls.cacert]", "-k,--insecure",
                "[tls.insecure]", "--tls-resume", "[tls.resume]", "--tls-versions=VERSIONS", "[tls.versions]",
                "--target-name=ADDRESS[:PORT]=NAME", "[tls.target_names]"}) {
            assertTrue(help.contains(flag), flag + " in\n" + out);
        }
    }

    void refused(String named, String... flags) {
        err.getBuffer().setLength(0);
        assertEquals(2, loadgen(flags), err.toString());
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.contains(named), "names " + named + ": " + err);
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        refused("--profile: the first point is at time 0", "--profile", "5s:1k");
        refused("--profile: '30' in '30:2k' is not a time", "--profile", "0:1k,30:2k");
        refused("--profile and --rate", "--profile", "0:1k", "-R", "500");
        refused("--connect-rate", "--connect-rate", "-5");
        refused("--start-at: ", "--start-at", "tomorrow");
        refused("in the past", "--start-at", Instant.now().minusSeconds(30).toString());
        refused("ahead", "--start-at", String.valueOf(Instant.now().plusSeconds(25 * 3600).getEpochSecond()));
        refused("--histogram-log: no directory", "--histogram-log", "/nonexistent-dir/run.hlog");
        refused("--source: '198.18.1.5/24' has host bits set", "--source", "198.18.1.5/24");
        refused("--source: '198.18.1.0/24' overlaps", "--source", "198.18.1.0/25", "--source", "198.18.1.0/24");
        refused("--url: 'http://198.18.0.1/@0': a weight is 1..1000000", "--url", "http://198.18.0.1/@0");
    }

    @Test
    void tlsValuesAreRefusedNamingTheFlag() {
        refused("--server-name: '198.18.0.1' is not a DNS name", "--url", "https://198.18.0.1/", "--server-name",
                "198.18.0.1");
        refused("--tls-versions: TLSv1.1 is older than TLS 1.2", "--url", "https://198.18.0.1/", "--tls-versions",
                "TLSv1.1");
        refused("--tls-versions: TLSv1.0 is older than TLS 1.2", "--url", "https://198.18.0.1/", "--tls-versions",
                "TLSv1.3,TLSv1.0");
        refused("one scheme", "--url", "https://198.18.0.1/", "--url", "http://198.18.0.3/");
        refused("--target-name: 'www.example.test' is not ADDRESS[:PORT]=NAME", "--url", "https://198.18.0.1/",
                "--target-name", "www.example.test");
        refused("--target-name: '198.18.0.1' is not a DNS name", "--url", "https://198.18.0.1/",
                "--target-name", "198.18.0.1=198.18.0.1");
        refused("tls.target_names (--target-name): 198.18.0.9 is none of the targets' addresses", "--url",
                "https://198.18.0.1/", "--target-name", "198.18.0.9=www.example.test");
        refused("names https:// targets, and these are http://", "--url", "http://198.18.0.1/", "--target-name",
                "198.18.0.1=www.example.test");
        refused("tls.cacert: /nonexistent/ca.pem is not a readable file", "--url", "https://198.18.0.1/", "--cacert",
                "/nonexistent/ca.pem");
        refused("'ftp://198.18.0.1/' is not an http:// or https:// URL", "--url", "ftp://198.18.0.1/");
    }
}
