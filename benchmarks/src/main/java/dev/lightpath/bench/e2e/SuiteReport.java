package dev.lightpath.bench.e2e;

import dev.lightpath.report.MachineFacts;
import dev.lightpath.report.Report;
import dev.lightpath.report.ReportWriter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The last step of the suite ({@link Suite}): reads its manifest and every repetition's output (harness JSON and
 * .hgrm, wrk text) and writes the report (Markdown, HTML, every repetition's figures, the goals of the IPv6 and TLS
 * lanes where they ran) with {@link ReportWriter},
 * on the machine facts of this machine (the one the runs were measured on). Run by itself, it writes a report
 * again from a manifest whose raw/ outputs are still there.
 *
 * <pre>
 * java -cp benchmarks.jar dev.lightpath.bench.e2e.SuiteReport MANIFEST OUTPUT_DIR
 * </pre>
 * Exit 0 with the HTML page's path printed; 1 when an output is missing, unreadable, or a repetition completed no
 * request (a system that did not run is a failure, not a row of zeros); 2 on wrong arguments.
 */
public final class SuiteReport {
    private SuiteReport() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SuiteReport MANIFEST OUTPUT_DIR");
            System.exit(2);
        }
        try {
            Path page = write(Path.of(args[0]), Path.of(args[1]));
            System.out.println("Report: " + page);
        } catch (IOException | RuntimeException e) {
            System.err.println("lightpath: the report could not be written: " + e.getMessage());
            System.exit(1);
        }
    }

    static Path write(Path manifestFile, Path directory) throws IOException {
        SuiteManifest manifest = SuiteManifest.read(manifestFile);
        Report report = new Report(manifest.title(), MachineFacts.detect(manifest.dpdkVersion()), manifest.runs(),
                manifest.peers(), manifest.baseline(), manifest.notes(),
                LaneGoals.of(manifest.runs(), manifest.baseline()));
        return ReportWriter.write(report, directory);
    }
}
