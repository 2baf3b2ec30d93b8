package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.ResultFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report into a directory: {@code report.md}, {@code report.html} (one self-contained page) and, under
 * {@code results/}, every repetition's summary, JSON and {@code .hgrm} files named
 * {@code SYSTEM--WORKLOAD--N} (made file-name safe), so the raw figures travel with the report.
 */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String RESULTS = "results";

    private ReportWriter() {
    }

    /** Writes the report's files into {@code directory}, creating it if needed, and returns the HTML page's path. */
    public static Path write(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        ReportFigures figures = new ReportFigures(report);
        Files.writeString(directory.resolve(MARKDOWN), MarkdownReport.render(figures));
        Path html = directory.resolve(HTML);
        Files.writeString(html, HtmlReport.render(figures));
        Path results = directory.resolve(RESULTS);
        for (Run run : report.runs()) {
            List<LoadResult> reps = run.repetitions();
            for (int i = 0; i < reps.size(); i++) {
                ResultFiles.write(reps.get(i), results, resultName(run, i + 1));
            }
        }
        return html;
    }

    /** Writes the report of a single load test, as {@code loadgen --report DIR} does. */
    public static Path writeSingleRun(String title, MachineFacts machine, String system, String workload,
                                      String commandLine, LoadResult result, Path directory) throws IOException {
        return write(Report.singleRun(title, machine, system, workload, commandLine, result), directory);
    }

    /** The base name of a repetition's result files: system, workload and number, reduced to safe characters. */
    static String resultName(Run run, int repetition) {
        return safe(run.system()) + "--" + safe(run.workload()) + "--" + repetition;
    }

    private static String safe(String text) {
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[-.]+|-+$", "");
        return s.isEmpty() ? "x" : s.length() > 60 ? s.substring(0, 60) : s;
    }
}
