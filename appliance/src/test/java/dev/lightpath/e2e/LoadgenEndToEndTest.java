package dev.lightpath.e2e;

import dev.lightpath.host.testbed.KernelPeer;
import dev.lightpath.host.testbed.NginxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The load generator against real servers: nginx in a namespace (fixed rate, counts checked against nginx's
 * own log; a 1 s pause that fixed-rate latency must show and closed-loop latency hides), the appliance's 2 ms
 * route over a veth pair (latency truth), and targets that cannot be reached.
 */
class LoadgenEndToEndTest {
    @TempDir
    Path dir;

    /** nginx with one worker in the namespace, logging every request; stopped when the test ends. */
    KernelPeer nginx(TestNetwork network) throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "hello from nginx\n");
        KernelPeer nginx = network.bed().nginx(network.peerNamespace(), NginxConfig.of(dir, 1024, """
                access_log %1$s/access.log;
                keepalive_requests 1000000;
                server { listen %2$s:80; root %1$s/site; }
                """.formatted(dir, network.peerAddress())).withMain("master_process off;"));
        try {
            // nginx answers once it listens: curl retries (bounded) rather than the test sleeping.
            network.bed().awaitAnswer(network.peerNamespace(), "http://" + network.peerAddress() + "/", 20);
        } catch (java.io.IOException e) {
            nginx.stop();
            fail("nginx did not start: " + Files.readString(dir.resolve("error.log")), e);
        }
        return nginx;
    }

    static String namespaceOf(TestNetwork network) throws Exception {
        return network.namespace();
    }

    /**
     * Runs the load generator against nginx and stops nginx (SIGSTOP) for one second, two seconds after the load
     * has started: counted from the harness's own "loading" line, not from its launch, so a slow start (a JVM, the
     * EAL, checked mode's registration of the pool) cannot move the stall out of the measured seconds.
     */
    ApplianceProcess.Finished loadgenWithStall(TestNetwork network, String... args) throws Exception {
        String pid = Files.readString(dir.resolve("nginx.pid")).trim();
        try (ApplianceProcess harness = new ApplianceProcess(loadgenArguments(network, args))) {
            harness.awaitLine("lightpath: loading", 60);
            Process pauser = new ProcessBuilder("sh", "-c",
                    "sleep 2; kill -STOP " + pid + "; sleep 1; kill -CONT " + pid).start();
            int exit = harness.awaitExit(60);
            pauser.waitFor();
            return new ApplianceProcess.Finished(exit, harness.output());
        }
    }

    ApplianceProcess.Finished loadgen(TestNetwork network, String... args) throws Exception {
        return ApplianceProcess.runToEnd(loadgenArguments(network, args));
    }

    static String[] loadgenArguments(TestNetwork network, String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "loadgen";
        all[1] = "--device";
        all[2] = network.device();
        all[3] = "--ip";
        all[4] = network.applianceAddress() + "/24";
        all[5] = "--idle";
        all[6] = "backoff";
        System.arraycopy(args, 0, all, 7, args.length);
        return all;
    }

    static long json(Path file, String pattern) throws Exception {
        Matcher m = Pattern.compile(pattern).matcher(Files.readString(file));
        assertTrue(m.find(), pattern + " in " + Files.readString(file));
        return Long.parseLong(m.group(1));
    }

    @Test
    void aFixedRateAgainstNginxMatchesRateTimesDurationAndNginxsOwnCount() throws Exception {
        try (TestNetwork network = new TestNetwork(22)) {
            KernelPeer nginx = nginx(network);
            try {
                long before = Files.lines(dir.resolve("access.log")).count();
                Path json = dir.resolve("fixed.json");
                ApplianceProcess.Finished run = loadgen(network, "--url", "http://" + network.peerAddress() + "/",
                        "-c", "20", "-d", "10s", "-R", "1000", "--cores", "1", "--json", json.toString());
                assertEquals(0, run.exit(), run.output());
                long requests = json(json, "\"requests\": ?(\\d+)");
                assertTrue(Math.abs(requests - 10_000) <= 100, "rate x duration within 1%: " + requests);
                assertEquals(0, json(json, "\"connect\": ?(\\d+)") + json(json, "\"read\": ?(\\d+)")
                        + json(json, "\"timeout\": ?(\\d+)") + json(json, "\"parse\": ?(\\d+)"), run.output());
                assertEquals(requests, json(json, "\"status_2xx\": ?(\\d+)"));
                long logged = Files.lines(dir.resolve("access.log")).count() - before;
                assertEquals(requests, logged, "nginx counted what the harness counted");
                assertTrue(run.output().contains("10000 requests in") || run.output().contains(requests + " requests in"), run.output());
            } finally {
                nginx.stop();
            }
        }
    }

    @Test
    void aPausedServerShowsInFixedRatePercentilesButHidesFromClosedLoop() throws Exception {
        try (TestNetwork network = new TestNetwork(23)) {
            KernelPeer nginx = nginx(network);
            try {
                Path fixed = dir.resolve("fixed.json");
                ApplianceProcess.Finished open = loadgenWithStall(network, "--url",
                        "http://" + network.peerAddress() + "/", "-c", "10", "-d", "8s", "-R", "1000", "--cores", "1",
                        "--json", fixed.toString());
                assertEquals(0, open.exit(), open.output());
                long p999 = json(fixed, "\"p999\": ?(\\d+)");
                long p99 = json(fixed, "\"p99\": ?(\\d+)");
                assertTrue(p999 >= 700_000, "a 1 s stall shows at p99.9 of a fixed-rate run (us): " + p999);
                assertTrue(p99 >= 300_000, "and even at p99 (us): " + p99);

                Path closed = dir.resolve("closed.json");
                ApplianceProcess.Finished loop = loadgenWithStall(network, "--url",
                        "http://" + network.peerAddress() + "/", "-c", "10", "-d", "8s", "--cores", "1",
                        "--json", closed.toString());
                assertEquals(0, loop.exit(), loop.output());
                assertTrue(json(closed, "\"p99\": ?(\\d+)") < p99 / 3,
                        "a closed loop stops asking while the server stalls, and its p99 hides the stall: "
                                + Files.readString(closed));
            } finally {
                new ProcessBuilder("kill", "-CONT", Files.readString(dir.resolve("nginx.pid")).trim()).start().waitFor();
                nginx.stop();
            }
        }
    }

    /**
     * A 2 ms route is never answered sooner than 2 ms, through the real stack and the harness; how exactly it
     * keeps to its delay is {@code HttpServerTest}'s, on a simulated clock. Here the upper bound only tells a
     * delay read in the wrong unit: on a loaded machine a parked worker wakes milliseconds late.
     */
    @Test
    void aTwoMillisecondRouteIsNeverAnsweredSooner() throws Exception {
        Path config = dir.resolve("slow.toml");
        Files.writeString(config, """
                [[http.route]]
                path = "/delay"
                type = "fixed"
                body = "late\\n"
                delay = "2ms"
                """);
        try (VethPair wire = new VethPair("lt");
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", wire.deviceA(), "--ip", "198.18.24.1/24", "--cores", "0", "--idle", "backoff")) {
            appliance.awaitLine("ready", 30);
            Path json = dir.resolve("delay.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.24.2/24", "--cores", "1", "--idle", "backoff", "--url", "http://198.18.24.1/delay",
                    "-c", "10", "-d", "3s", "-R", "500", "--warmup", "1s", "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            assertEquals(1500, json(json, "\"requests\": ?(\\d+)"), 15, run.output());
            long fastest = json(json, "\"min\": ?(\\d+)");
            assertTrue(fastest >= 2000 && fastest < 20_000, "fastest answer of a 2 ms route (us): " + fastest + "\n"
                    + run.output());
            assertEquals(0, appliance.terminate(), appliance.output());
        }
    }

    /**
     * With --stats-file, the load generator's counters are live in shared memory while it runs, as the
     * appliance's are: `appliance stat --stats-file` shows its responses growing. SIGTERM (as Ctrl-C) ends a
     * long run early as wrk's Ctrl-C does: the summary covers the time measured, the exit is 0, the counters
     * file goes.
     */
    @Test
    void itsCountersAreLiveForStatAndASignalEndsItEarlyWithItsSummary() throws Exception {
        Path counters = dir.resolve("loadgen.counters");
        Path site = Files.createDirectories(dir.resolve("stat-site"));
        Files.writeString(site.resolve("index.html"), "hello\n");
        try (VethPair wire = new VethPair("ls");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.26.1/24", "--cores", "0", "--idle", "backoff", "--metrics", "off",
                     "--docroot", site.toString())) {
            appliance.awaitLine("ready", 30);
            try (ApplianceProcess load = new ApplianceProcess("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.26.2/24", "--cores", "1", "--idle", "backoff", "--url", "http://198.18.26.1/",
                    "-c", "4", "-d", "120s", "-R", "2000", "--stats-file", counters.toString())) {
                load.awaitLine("loading", 30);
                // Each stat is a JVM start of its own, which paces the polling; bounded.
                long responses = 0;
                StringBuilder shown = new StringBuilder();
                for (int i = 0; i < 20 && responses == 0; i++) {
                    ApplianceProcess.Finished stat = ApplianceProcess.runToEnd("stat", "--stats-file", counters.toString(),
                            "--once", "--all");
                    shown.append(stat.output());
                    Matcher line = Pattern.compile("\\nloadgen\\n(?:  .*\\n)*?  responses\\s+([\\d,]+)").matcher(stat.output());
                    if (stat.exit() == 0 && line.find()) {
                        responses = Long.parseLong(line.group(1).replace(",", ""));
                    }
                }
                assertTrue(responses > 0, "stat shows the load generator's responses while it runs:\n" + shown
                        + "\nthe load generator:\n" + load.output());
                assertEquals(0, load.terminate(), load.output());
                assertTrue(load.output().contains("TERM received, finishing the requests in flight"), load.output());
                Matcher summary = Pattern.compile("(\\d+) requests in ([\\d.]+)(ms|s),").matcher(load.output());
                assertTrue(summary.find(), load.output());
                assertTrue(Long.parseLong(summary.group(1)) >= responses, load.output());
                double seconds = Double.parseDouble(summary.group(2)) / (summary.group(3).equals("ms") ? 1000 : 1);
                assertTrue(seconds > 0 && seconds < 120, "the summary covers the time measured, "
                        + "not the planned 120 s:\n" + load.output());
                assertFalse(Files.exists(counters), "the counters file is removed at the end");
            }
            assertEquals(0, appliance.terminate(), appliance.output());
        }
    }

    @Test
    void unreachableTargetsFailClearlyWithinSeconds() throws Exception {
        try (TestNetwork network = new TestNetwork(25)) {
            long start = System.nanoTime();
            ApplianceProcess.Finished refused = loadgen(network, "--url", "http://" + network.peerAddress() + ":81/",
                    "-c", "2", "-d", "20s", "--cores", "1");
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("connection refused by " + network.peerAddress() + ":81"), refused.output());

            ApplianceProcess.Finished silent = loadgen(network, "--url", "http://198.18.25.77/",
                    "-c", "2", "-d", "20s", "--cores", "1");
            assertEquals(1, silent.exit(), silent.output());
            assertTrue(silent.output().contains("no ARP reply"), silent.output());

            ApplianceProcess.Finished device = ApplianceProcess.runToEnd("loadgen", "--device", "net_af_packet0,iface=lpnosuch0",
                    "--ip", "198.18.25.1/24", "--url", "http://198.18.25.2/", "-d", "20s", "--idle", "backoff");
            assertEquals(1, device.exit(), device.output());
            assertTrue(device.output().contains("lightpath: "), device.output());
            assertTrue((System.nanoTime() - start) / 1e9 < 30, "each failed within seconds, not after its 20 s");

            ApplianceProcess.Finished https = loadgen(network, "--url", "https://" + network.peerAddress() + "/",
                    "-c", "2", "-d", "20s", "--cores", "1");
            assertEquals(1, https.exit(), https.output());
            assertTrue(https.output().contains("connection refused by " + network.peerAddress() + ":443"),
                    https.output());

            ApplianceProcess.Finished usage = ApplianceProcess.runToEnd("loadgen", "--url", "ftp://198.18.25.2/",
                    "--device", network.device(), "--ip", "198.18.25.1/24");
            assertEquals(2, usage.exit(), usage.output());
            assertTrue(usage.output().contains("is not an http:// or https:// URL"), usage.output());
        }
    }
}
