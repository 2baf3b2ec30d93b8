package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interval logs and their merge: the logs of two load generators that each carried half of a run merge into
 * exactly the histogram of the whole run, and a log that is missing, not a log, or cut short is refused with a
 * message naming the file.
 */
class IntervalLogMergeTest {
    static final long ORIGIN = 5_000_000_000L;
    static final long WALL_START_MS = 1_796_457_600_000L;
    static final Duration RUN = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    /**
     * Feeds a seeded stream of responses over the run into two recorders, alternately: two halves of one run, as
     * two load generators would carry it. Each writer takes its recorder's finished intervals now and then, at
     * arbitrary moments, as the watching thread does while a run goes (null writers: never during the run).
     */
    static List<LatencyRecorder> recordHalves(long seed, IntervalLogWriter writerA, IntervalLogWriter writerB) {
        LatencyRecorder first = new LatencyRecorder(ORIGIN, RUN, true);
        LatencyRecorder second = new LatencyRecorder(ORIGIN, RUN, true);
        SplittableRandom random = new SplittableRandom(seed);
        long now = ORIGIN;
        int i = 0;
        while (now - ORIGIN < RUN.toNanos() + 300_000_000L) {   // answers keep coming in a little after the end
            now += random.nextLong(20_000, 400_000);
            long latency = random.nextInt(100) == 0 ? random.nextLong(1_000_000, 2_000_000_000L)
                    : random.nextLong(20_000, 3_000_000);
            int status = random.nextInt(50) == 0 ? 503 : 200;
            LatencyRecorder into = (i++ & 1) == 0 ? first : second;
            into.recordResponse(now, latency, status);
            if (writerA != null && random.nextInt(1_000) == 0) {
                writerA.drain(List.of(first.intervals()));
                writerB.drain(List.of(second.intervals()));
            }
        }
        return List.of(first, second);
    }

    Path writeLog(String name, LatencyRecorder recorder, LoadSpec spec) throws IOException {
        Path file = dir.resolve(name);
        finish(new IntervalLogWriter(file, WALL_START_MS), recorder, spec);
        return file;
    }

    static void finish(IntervalLogWriter writer, LatencyRecorder recorder, LoadSpec spec) throws IOException {
        writer.finish(List.of(recorder), LoadResult.merge(spec, RUN, List.of(recorder)), WALL_START_MS);
    }

    @Test
    void mergingTheLogsOfTwoHalvesGivesExactlyTheHistogramOfTheWhole() throws Exception {
        Path a = dir.resolve("a.hlog");
        Path b = dir.resolve("b.hlog");
        IntervalLogWriter writerA = new IntervalLogWriter(a, WALL_START_MS);
        IntervalLogWriter writerB = new IntervalLogWriter(b, WALL_START_MS);
        List<LatencyRecorder> halves = recordHalves(42, writerA, writerB);
        LoadSpec half = LoadSpec.fixedRate("http://198.18.0.1:80/", 1, 32, 10_000);
        finish(writerA, halves.get(0), half);
        finish(writerB, halves.get(1), half);
        LoadResult whole = LoadResult.merge(LoadSpec.fixedRate("http://198.18.0.1:80/", 2, 64, 20_000), RUN, halves);

        LoadResult merged = IntervalLogMerge.merge(List.of(a, b));

        Histogram expected = whole.latencyHistogram();
        Histogram actual = merged.latencyHistogram();
        assertTrue(expected.getTotalCount() > 20_000, "a run of some size: " + expected.getTotalCount());
        assertEquals(expected.getTotalCount(), actual.getTotalCount());
        assertEquals(expected, actual, "the same count in every bucket");
        for (double p : new double[] {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999, 100}) {
            assertEquals(expected.getValueAtPercentile(p), actual.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(whole.requests(), merged.requests());
        for (StatusClass c : StatusClass.values()) {
            assertEquals(whole.responses(c), merged.responses(c), c.key());
        }
        assertEquals(RUN, merged.duration());
        assertEquals(64, merged.spec().connections());
        assertEquals(2, merged.spec().threads());
        assertEquals(20_000, merged.spec().requestedRate());
        assertArrayEquals(whole.timeline(), merged.timeline(), "the same requests in each second");
        long intervals = Files.readString(a).lines().filter(l -> l.startsWith("Tag=core0,")).count();
        assertTrue(intervals >= RUN.toSeconds(), "an interval a second: " + intervals);
    }

    @Test
    void logsWrittenByAWriterThatFellBehindStillMergeToTheWholeHistogram() throws Exception {
        List<LatencyRecorder> halves = recordHalves(9, null, null);
        LoadSpec half = LoadSpec.closedLoop("http://198.18.0.1:80/", 1, 8);
        Path a = writeLog("a.hlog", halves.get(0), half);
        Path b = writeLog("b.hlog", halves.get(1), half);
        LoadResult whole = LoadResult.merge(LoadSpec.closedLoop("t", 2, 16), RUN, halves);

        LoadResult merged = IntervalLogMerge.merge(List.of(a, b));

        assertEquals(whole.latencyHistogram(), merged.latencyHistogram());
        assertEquals(whole.requests(), merged.requests());
        String log = Files.readString(a);
        assertTrue(log.contains("#[BaseTime: "), "a standard log header");
        assertTrue(log.lines().anyMatch(l -> l.startsWith("Tag=core0,")), "intervals tagged by core");
    }

    @Test
    void aReaderThatFallsBehindLosesNothing() {
        LatencyRecorder recorder = new LatencyRecorder(ORIGIN, RUN, true);
        for (int s = 0; s < 10; s++) {
            recorder.recordResponse(ORIGIN + s * 1_000_000_000L + 1, 1_000 + s, 200);
        }
        List<long[]> seen = new ArrayList<>();
        long[] total = {0};
        recorder.intervals().finish(10, (first, end, h) -> {
            seen.add(new long[] {first, end});
            total[0] += h.getTotalCount();
        });
        assertEquals(10, total[0], "every latency in some interval");
        assertEquals(0, seen.get(0)[0]);
        for (int i = 1; i < seen.size(); i++) {
            assertEquals(seen.get(i - 1)[1], seen.get(i)[0], "intervals follow one another without gap or overlap");
        }
        assertEquals(10, seen.get(seen.size() - 1)[1]);
        assertTrue(seen.size() < 10, "the ring was full, so the last interval spans several seconds");
    }

    @Test
    void recordingWithIntervalsAndPhasesAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Interval log and profile phases both on: everything the recorder keeps per request.
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(600), true,
                new long[] {0, 10_000_000_000L, 30_000_000_000L, 60_000_000_000L});
        LatencyIntervals.Sink discard = (first, end, h) -> { };
        long[] at = {0};
        for (int round = 0; round < 3; round++) {
            feed(recorder, at, discard);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        feed(recorder, at, discard);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "recording 1M responses over 50 s allocated " + allocated + " bytes");
    }

    private static void feed(LatencyRecorder recorder, long[] at, LatencyIntervals.Sink sink) {
        for (int i = 0; i < 1_000_000; i++) {
            at[0] += 50_000L;
            recorder.recordResponse(at[0], 1_000 + (i & 0xffff) * 31L, 200);
            recorder.tick(at[0]);
            if ((i & 0x3fff) == 0) {
                recorder.intervals().drain(sink);
            }
        }
    }

    @Test
    void aMissingLogIsRefusedByName() {
        Path missing = dir.resolve("nowhere.hlog");
        IntervalLogMerge.BadLogException e = assertThrows(IntervalLogMerge.BadLogException.class,
                () -> IntervalLogMerge.merge(List.of(missing)));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void textThatIsNoLogIsRefused() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "latency was fine\n1,2,3,4\n");
        IntervalLogMerge.BadLogException e = assertThrows(IntervalLogMerge.BadLogException.class,
                () -> IntervalLogMerge.merge(List.of(text)));
        assertTrue(e.getMessage().startsWith(text + ": "), e.getMessage());
    }

    @Test
    void aCorruptIntervalIsRefused() throws IOException {
        Path log = writeLog("a.hlog", recordHalves(3, null, null).get(0), LoadSpec.closedLoop("t", 1, 1));
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Tag=core0,")) {
                String line = lines.get(i);
                lines.set(i, line.substring(0, line.length() - 12) + "!!notbase64!");
                break;
            }
        }
        Files.write(log, lines, StandardCharsets.ISO_8859_1);
        IntervalLogMerge.BadLogException e = assertThrows(IntervalLogMerge.BadLogException.class,
                () -> IntervalLogMerge.merge(List.of(log)));
        assertTrue(e.getMessage().startsWith(log + ": "), e.getMessage());
    }

    @Test
    void aLogCutShortIsRefused() throws IOException {
        Path log = writeLog("a.hlog", recordHalves(4, null, null).get(0), LoadSpec.closedLoop("t", 1, 1));
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        int dropped = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Tag=core0,")) {
                dropped = i;
            }
        }
        lines.remove(dropped - 1);   // an interval lost, the footer kept
        Files.write(log, lines, StandardCharsets.ISO_8859_1);
        IntervalLogMerge.BadLogException e = assertThrows(IntervalLogMerge.BadLogException.class,
                () -> IntervalLogMerge.merge(List.of(log)));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void aLogWithoutItsResultLineIsRefused() throws IOException {
        Path log = writeLog("a.hlog", recordHalves(5, null, null).get(0), LoadSpec.closedLoop("t", 1, 1));
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> !l.startsWith("#" + IntervalLogFooter.MARK)).toList();
        Files.write(log, lines, StandardCharsets.ISO_8859_1);
        IntervalLogMerge.BadLogException e = assertThrows(IntervalLogMerge.BadLogException.class,
                () -> IntervalLogMerge.merge(List.of(log)));
        assertTrue(e.getMessage().contains("no '#lightpath-result' line"), e.getMessage());
    }
}
