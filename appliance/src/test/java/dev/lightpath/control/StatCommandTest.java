package dev.lightpath.control;

import dev.lightpath.engine.DeviceCounters;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.metrics.CountersFile;
import dev.lightpath.metrics.SharedCounters;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code appliance stat} on counters files made by the publisher, as the running appliance makes them. */
@Timeout(60)
class StatCommandTest {
    @TempDir
    Path dir;

    private final Core core1 = new Core();
    private final Core core4 = new Core();
    private SharedCounters shared;

    /** A core's counters: frames and a drop reason, and a gauge. */
    static final class Core implements CounterSource {
        long frames;
        long runts;
        long established;

        @Override
        public void forEach(CounterVisitor visitor) {
            visitor.counter("net.rx.frames", frames);
            visitor.counter("net.drop.runt", runts);
            visitor.gauge("tcp.connections.established", established);
            visitor.counter("tcp.retransmits.timeout", 0);
        }
    }

    @BeforeEach
    void publish() {
        CachedEpochClock epoch = new CachedEpochClock();
        epoch.update(System.currentTimeMillis());
        Path file = dir.resolve("lightpath-" + ProcessHandle.current().pid() + ".counters");
        shared = new SharedCounters(file, List.of(1, 4), List.of(core1, core4), 1_000_000L, epoch);
        core1.frames = 1_500;
        core4.frames = 2_500;
        core4.runts = 3;
        core1.established = 7;
        shared.publisher(0).publish();
        shared.publisher(1).publish();
    }

    @AfterEach
    void close() {
        shared.close();
    }

    @Test
    void onceFindsTheRunningApplianceAndPrintsGroupsPerCoreAndTotals() {
        Result result = stat("--stats-dir", dir.toString(), "--once");
        assertEquals(0, result.exit, result.err);
        String out = result.out;
        assertTrue(out.startsWith("lightpath pid " + ProcessHandle.current().pid() + ", up "), out);
        assertTrue(out.matches("(?s).*core 1\\s+core 4\\s+total\\s+per s\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nnet\\.rx\\n  frames\\s+1,500\\s+2,500\\s+4,000\\s*\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nnet\\.drop\\n  runt\\s+0\\s+3\\s+3\\s*\\n.*"), out);
        assertTrue(out.matches("(?s).*\\ntcp\\.connections\\n  established\\s+7\\s+0\\s+7\\s*\\n.*"), out);
        assertFalse(out.contains("retransmits"), "zero everywhere: hidden without --all\n" + out);
        assertTrue(stat("--stats-dir", dir.toString(), "--once", "--all").out.contains("tcp.retransmits\n  timeout"));
    }

    @Test
    void jsonHasEveryCounterWithCoresTotalsAndKinds() {
        Path file = dir.resolve("lightpath-" + ProcessHandle.current().pid() + ".counters");
        Result result = stat("--stats-file", file.toString(), "--once", "--json");
        assertEquals(0, result.exit, result.err);
        String line = result.out.strip();
        assertFalse(line.contains("\n"), "one line per snapshot");
        assertTrue(line.startsWith("{\"pid\":" + ProcessHandle.current().pid() + ","), line);
        assertTrue(line.contains("\"cores\":[1,4]"), line);
        assertTrue(line.contains("{\"name\":\"net.rx.frames\",\"group\":\"net.rx\",\"kind\":\"counter\","
                + "\"cores\":{\"1\":1500,\"4\":2500},\"total\":4000,\"ratePerSecond\":null}"), line);
        assertTrue(line.contains("{\"name\":\"tcp.connections.established\",\"group\":\"tcp.connections\","
                + "\"kind\":\"gauge\",\"cores\":{\"1\":7,\"4\":0},\"total\":7,\"ratePerSecond\":null}"), line);
        assertTrue(line.contains("\"name\":\"tcp.retransmits.timeout\""), "zeros too: " + line);
        assertTrue(line.endsWith("]}"), line);
    }

    @Test
    void repeatedSnapshotsShowRatesForCountersOnly() {
        Result result = stat("--stats-dir", dir.toString(), "--json", "--count", "2", "--interval", "20ms");
        assertEquals(0, result.exit, result.err);
        String[] lines = result.out.strip().split("\n");
        assertEquals(2, lines.length, result.out);
        assertTrue(lines[0].contains("\"intervalSeconds\":null"), lines[0]);
        Matcher interval = Pattern.compile("\"intervalSeconds\":([0-9.]+)").matcher(lines[1]);
        assertTrue(interval.find(), lines[1]);
        assertTrue(Double.parseDouble(interval.group(1)) >= 0.019, lines[1]);
        assertTrue(lines[1].contains("\"total\":4000,\"ratePerSecond\":0.000}"), "nothing moved: " + lines[1]);
        assertTrue(lines[1].contains("\"total\":7,\"ratePerSecond\":null}"), "a gauge has no rate: " + lines[1]);
    }

    @Test
    void thePoolsLevelsShowUnderMempoolWithTheLowWaterMark() {
        CachedEpochClock epoch = new CachedEpochClock();
        epoch.update(System.currentTimeMillis());
        Path file = dir.resolve("pool.counters");
        try (MemoryPool pool = new MemoryPool(512)) {
            DeviceCounters device = new DeviceCounters(pool, null);
            long[] held = new long[300];
            for (int i = 0; i < held.length; i++) {
                held[i] = pool.allocate();
            }
            for (int i = 0; i < 100; i++) {
                pool.free(held[i]);
            }
            device.sample(0);
            try (SharedCounters pools = new SharedCounters(file, List.of(2), List.of(device), 1_000_000L, epoch)) {
                Result text = stat("--stats-file", file.toString(), "--once");
                assertEquals(0, text.exit, text.err);
                assertTrue(text.out.matches("(?s).*\\nmempool\\n  size\\s+512\\s+512\\s*\\n  free\\s+312\\s+312\\s*\\n"
                        + "  low_water\\s+212\\s+212\\s*\\n.*"), text.out);
                Result json = stat("--stats-file", file.toString(), "--once", "--json");
                assertTrue(json.out.contains("{\"name\":\"mempool.low_water\",\"group\":\"mempool\",\"kind\":\"gauge\","
                        + "\"cores\":{\"2\":212},\"total\":212,\"ratePerSecond\":null}"), json.out);
                assertTrue(json.out.contains("\"name\":\"mempool.free\",\"group\":\"mempool\",\"kind\":\"gauge\","
                        + "\"cores\":{\"2\":312}"), json.out);
            }
            for (int i = 100; i < held.length; i++) {
                pool.free(held[i]);
            }
        }
    }

    @Test
    void noRunningApplianceIsAClearErrorWithExitOne() throws Exception {
        Path empty = dir.resolve("empty");
        java.nio.file.Files.createDirectories(empty);
        Result none = stat("--stats-dir", empty.toString(), "--once");
        assertEquals(1, none.exit);
        assertTrue(none.err.contains("no running appliance: no live lightpath-*.counters in " + empty), none.err);
        assertEquals("", none.out);

        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(30, TimeUnit.SECONDS));
        try (CountersFile dead = CountersFile.create(empty.resolve("lightpath-" + finished.pid() + ".counters"), 1,
                finished.pid(), 0)) {
            dead.ready();
            Result stale = stat("--stats-dir", empty.toString(), "--once");
            assertEquals(1, stale.exit, "a file left by a process that is gone is not a running appliance");
        }

        Result missing = stat("--stats-file", dir.resolve("nope.counters").toString(), "--once");
        assertEquals(1, missing.exit);
        assertTrue(missing.err.contains("cannot read the counters file"), missing.err);
        assertEquals(2, stat("--stats-dir", dir.toString(), "--interval", "0s").exit, "usage error");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result stat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "stat";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Result(exit, out.toString(), err.toString());
    }
}
