package dev.lightpath.control.config;

import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.tcp.CongestionAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedFileIsValid() {
        Path shipped = Path.of(System.getProperty("lightpath.home", ".."), "config", "appliance.toml");
        RunConfig run = new RunConfig().load(shipped);
        ApplianceSettings settings = run.settings();
        assertEquals(List.of("net_af_packet0,iface=veth0"), settings.devices());
        assertEquals(0xC6120001, settings.ip().address());
        assertEquals(24, settings.ip().prefixLength());
        assertEquals(List.of(0), settings.cores());
        assertEquals(8191, settings.mempoolSize());
        assertEquals(null, run.statsFile, "the default file, left commented out");
        assertEquals("127.0.0.1:9100", run.metricsAddress);
        assertEquals("info", run.logLevel);
        assertEquals(CongestionAlgorithm.CUBIC, settings.tcp().congestionControl);
        assertTrue(settings.tcp().rack);
        assertTrue(settings.tcp().frto);
    }

    @Test
    void tcpAndHttpKeysReachTheEngine() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [tcp]
                table_capacity = 4096
                time_wait = "2s"
                sack = false
                congestion_control = "newreno"
                rack = false
                frto = false
                keepalive = true
                keepalive_idle = "30s"
                [http]
                port = 8080
                docroot = "site"
                request_timeout = "3s"
                access_log = "access.log"
                [[http.route]]
                path = "/go"
                type = "redirect"
                location = "/"
                status = 308
                """));
        ApplianceSettings settings = run.settings();
        assertEquals(4096, settings.tcp().tableCapacity);
        assertEquals(2_000_000_000L, settings.tcp().timeWaitNanos);
        assertEquals(false, settings.tcp().sack);
        assertEquals(CongestionAlgorithm.NEWRENO, settings.tcp().congestionControl);
        assertFalse(settings.tcp().rack);
        assertFalse(settings.tcp().frto);
        assertEquals(true, settings.tcp().keepAlive);
        assertEquals(30_000_000_000L, settings.tcp().keepAliveIdleNanos);
        assertEquals(8080, run.httpService().settings().port);
        assertEquals(3_000_000_000L, run.httpService().settings().requestTimeoutNanos);
        assertEquals(dir.resolve("access.log"), run.httpService().settings().accessLog);
        assertEquals(List.of("/go", "/", "/healthz"), run.httpService().routes().stream().map(r -> r.path()).toList());
        ConfigException bad = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [http]
                docroot = "missing"
                [[http.route]]
                path = "nope"
                type = "fixed"
                [[http.route]]
                path = "/x"
                type = "teapot"
                [tcp]
                congestion_control = "bbr"
                """)));
        assertEquals(4, bad.problems().size(), bad.problems().toString());
        assertTrue(bad.problems().get(0).startsWith("line 2: 'http.docroot'"), bad.problems().toString());
        assertContains(bad.problems(),
                "line 10: 'tcp.congestion_control': unknown congestion control 'bbr' (cubic or newreno)");
    }

    @Test
    void operabilityKeysAreReadCheckedAndDescribed() throws Exception {
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [stats]
                file = "/dev/shm/lightpath-test.counters"
                [metrics]
                address = "off"
                [log]
                level = "debug"
                """));
        assertEquals("/dev/shm/lightpath-test.counters", run.statsFile);
        assertEquals("off", run.metricsAddress);
        assertEquals("debug", run.logLevel);
        String described = run.describe();
        assertTrue(described.contains("[stats]\nfile = \"/dev/shm/lightpath-test.counters\"\n"), described);
        assertTrue(described.contains("[metrics]\naddress = \"off\"\n"), described);
        assertTrue(described.contains("[log]\nlevel = \"debug\"\n"), described);
        RunConfig again = new RunConfig().load(write(described));
        assertEquals(run.statsFile, again.statsFile, "what describe() says reads back the same");
        assertEquals(run.metricsAddress, again.metricsAddress);
        assertEquals(run.logLevel, again.logLevel);

        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [stats]
                file = ""
                [metrics]
                address = "127.0.0.1:70000"
                [log]
                level = "verbose"
                levle = "info"
                """)));
        List<String> problems = e.problems();
        assertContains(problems, "line 2: 'stats.file': name a file");
        assertContains(problems, "line 4: 'metrics.address': '127.0.0.1:70000': the port must be 0-65535");
        assertContains(problems, "line 6: 'log.level': unknown log level 'verbose'");
        assertContains(problems, "line 7: unknown key 'log.levle' (did you mean 'log.level'?)");
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void everyValueIsRead() throws Exception {
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_memif0,role=server", "net_ring0"]
                mempool = 4095
                [ip]
                address = "198.18.3.7/16"
                gateway = "198.18.0.1"
                vlan = 42
                [engine]
                cores = "1"
                idle = "backoff"
                eal = ["--log-level=debug"]
                jit_warmup = "1500ms"
                [echo]
                enabled = true
                """));
        assertEquals(java.time.Duration.ofMillis(1500), run.jitWarmup);
        assertTrue(run.describe().contains("jit_warmup = \"1500ms\""), run.describe());
        ApplianceSettings s = run.settings();
        assertEquals(2, s.devices().size());
        assertEquals(4095, s.mempoolSize());
        assertEquals(16, s.ip().prefixLength());
        assertEquals(0xC6120001, s.ip().gateway());
        assertEquals(42, s.ip().vlanId());
        assertEquals("backoff", s.idle());
        assertEquals(List.of("--log-level=debug"), s.extraEal());
        assertTrue(run.echo);
    }

    @Test
    void eachKindOfMistakeNamesItsKeyAndLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [port]
                devcies = ["x"]
                mempool = "many"
                [ip]
                address = "198.18.0.300/24"
                gateway = "gw"
                vlan = 5000
                [engine]
                cores = "0-99"
                idle = "nap"
                jit_warmup = "soon"
                """)));
        List<String> problems = e.problems();
        assertContains(problems, "line 2: unknown key 'port.devcies' (did you mean 'port.devices'?)");
        assertContains(problems, "line 3: 'port.mempool' must be an integer, not a string");
        assertContains(problems, "line 5: 'ip.address': '198.18.0.300': 300 is not an octet");
        assertContains(problems, "line 6: 'ip.gateway': 'gw' is not an IPv4 address");
        assertContains(problems, "line 7: 'ip.vlan': 5000 is not a VLAN id");
        assertContains(problems, "line 9: 'engine.cores': core ");
        assertContains(problems, "line 10: 'engine.idle': unknown idle strategy 'nap'");
        assertContains(problems, "line 11: 'engine.jit_warmup': 'soon' is not a duration");
        assertEquals(8, problems.size(), problems.toString());
    }

    @Test
    void hardeningKeysAreReadCheckedAndDescribed() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [echo]
                enabled = true
                idle_timeout = "5s"
                udp_rate = 20
                [http]
                docroot = "site"
                serve_dotfiles = true
                max_chunk_line = 256
                max_trailers = 1024
                """));
        run.settings();
        assertEquals(5_000_000_000L, run.echoLimits.idleTimeoutNanos);
        assertEquals(20, run.echoLimits.udpRatePerSource);
        assertTrue(run.httpService().settings().serveDotfiles);
        assertEquals(256, run.httpService().settings().maxChunkLine);
        assertEquals(1024, run.httpService().settings().maxTrailers);
        String described = run.describe();
        RunConfig again = new RunConfig().load(write(described));
        assertEquals(5_000_000_000L, again.echoLimits.idleTimeoutNanos, described);
        assertEquals(20, again.echoLimits.udpRatePerSource);
        assertEquals(256, again.httpService().settings().maxChunkLine);
        assertEquals(1024, again.httpService().settings().maxTrailers);
        assertTrue(again.httpService().settings().serveDotfiles);

        RunConfig defaults = new RunConfig().load(write("""
                [http]
                docroot = "site"
                """));
        assertEquals(false, defaults.httpService().settings().serveDotfiles);
        assertEquals(4096, defaults.httpService().settings().maxChunkLine);
        assertEquals(60_000_000_000L, defaults.echoLimits.idleTimeoutNanos);
        assertEquals(100, defaults.echoLimits.udpRatePerSource);

        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [echo]
                idle_timeout = "soon"
                udp_rate = -1
                [http]
                serve_dotfiles = "yes"
                max_chunk_line = 2
                max_trailers = 0
                """)));
        for (String key : List.of("echo.idle_timeout", "echo.udp_rate", "http.serve_dotfiles", "http.max_chunk_line",
                "http.max_trailers")) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains("'" + key + "'")), key + ": " + e.problems());
        }
    }

    @Test
    void syntaxErrorsSayWhere() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("[port\ndevices = 1\n")));
        assertTrue(e.problems().get(0).startsWith("syntax: "), e.problems().toString());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void missingFileIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(dir.resolve("nope.toml")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void requiredValuesAreAskedFor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunConfig().settings());
        assertTrue(e.getMessage().startsWith("no device"), e.getMessage());
    }

    private static void assertContains(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), "no problem starting '" + expected + "' in " + problems);
    }

    @Test
    void hugepagesAreAPortKeyCheckedByName() throws Exception {
        RunConfig run = new RunConfig().load(write("[port]\nhugepages = 64\n"));
        assertEquals(64, run.hugepages);
        assertTrue(run.describe().contains("mempool = 8191\nhugepages = 64\n"), run.describe());
        assertEquals(0, new RunConfig().hugepages, "none asked for by default");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RunConfig().load(write("[port]\nhugepages = -1\n")));
        assertTrue(e.getMessage().contains("port.hugepages") && e.getMessage().contains("-1 is outside 0..1000000"),
                e.getMessage());
    }

    @Test
    void theMtuIsReadAndAnOutOfRangeOneIsAProblemNamingTheKey() throws Exception {
        assertEquals(1500, new RunConfig().mtu);
        assertEquals(9000, new RunConfig().load(write("[port]\nmtu = 9000\n")).mtu);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RunConfig().load(write("[port]\nmtu = 100\n")));
        assertTrue(e.getMessage().contains("port.mtu") && e.getMessage().contains("100 is outside 576..9600"),
                e.getMessage());
        assertFalse(new RunConfig().load(write("[port]\nchecksum_offload = false\n")).checksumOffload);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("appliance.toml");
        Files.writeString(file, text);
        return file;
    }
}
