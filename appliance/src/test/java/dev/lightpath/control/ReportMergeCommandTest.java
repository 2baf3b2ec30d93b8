package dev.lightpath.control;

import dev.lightpath.loadgen.IntervalLogWriter;
import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code appliance report merge} on the command line: results from good logs, exit code 2 and a clear message for bad ones. */
class ReportMergeCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    Path log(String name, int requests, long latencyNanos) throws Exception {
        Duration run = Duration.ofSeconds(2);
        LatencyRecorder recorder = new LatencyRecorder(0, run, true);
        for (int i = 0; i < requests; i++) {
            recorder.recordResponse(i * (run.toNanos() / requests), latencyNanos + i, 200);
        }
        Path file = dir.resolve(name);
        LoadResult result = LoadResult.merge(LoadSpec.closedLoop("http://198.18.0.1:80/", 1, 4), run, List.of(recorder));
        new IntervalLogWriter(file, 1_796_457_600_000L).finish(List.of(recorder), result, 1_796_457_600_000L);
        return file;
    }

    @Test
    void mergesLogsIntoOneResult() throws Exception {
        Path json = dir.resolve("all.json");
        int exit = run("report", "merge", log("a.hlog", 1000, 100_000).toString(),
                log("b.hlog", 3000, 900_000).toString(), "--json", json.toString());
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("4000 requests in 2.00s"), out.toString());
        assertTrue(out.toString().contains("2 threads and 8 connections"), out.toString());
        assertTrue(Files.readString(json).contains("\"requests\": 4000"), Files.readString(json));
    }

    @Test
    void aMissingLogExitsWithTwoAndNamesIt() throws Exception {
        Path missing = dir.resolve("gen2.hlog");
        int exit = run("report", "merge", log("a.hlog", 10, 1000).toString(), missing.toString());
        assertEquals(2, exit);
        assertEquals("lightpath: report merge: " + missing + ": no such file", err.toString().strip());
        assertEquals("", out.toString(), "no result from part of the logs");
    }

    @Test
    void aCorruptLogExitsWithTwoWithoutAStackTrace() throws Exception {
        Path corrupt = dir.resolve("corrupt.hlog");
        Files.write(corrupt, new byte[] {'T', 'a', 'g', '=', 'x', ',', '1', ',', '2', ',', '3', ',', 0x00, (byte) 0xff, '\n'});
        int exit = run("report", "merge", corrupt.toString());
        assertEquals(2, exit);
        String message = err.toString().strip();
        assertTrue(message.startsWith("lightpath: report merge: " + corrupt + ": "), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void mergeWithoutLogsIsAUsageError() {
        assertEquals(2, run("report", "merge"));
        assertTrue(err.toString().contains("LOG"), err.toString());
    }
}
