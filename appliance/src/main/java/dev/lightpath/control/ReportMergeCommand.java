package dev.lightpath.control;

import dev.lightpath.loadgen.IntervalLogMerge;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.ResultHgrm;
import dev.lightpath.loadgen.ResultJson;
import dev.lightpath.loadgen.ResultSummary;
import dev.lightpath.report.MachineFacts;
import dev.lightpath.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code appliance report merge}: one result from the interval logs of several load generators. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Combines the HdrHistogram interval logs written by 'appliance loadgen --histogram-log' on "
                + "several processes or machines (started together with --start-at) into one result: the "
                + "histograms are added, so the percentiles are those of every request together; counts are "
                + "summed and the run spans the earliest start to the latest end. Prints the summary; --json, "
                + "--hgrm and --report write the same files as loadgen. Exit code 2 when a log is missing, "
                + "unreadable or incomplete.",
        footer = {"", "Example: appliance report merge gen1.hlog gen2.hlog --json all.json --report all/"})
final class ReportMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", arity = "1..*", description = "Interval logs (loadgen --histogram-log).")
    List<Path> logs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the merged result as JSON.")
    Path json;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the merged latency percentile distribution (.hgrm).")
    Path hgrm;

    @Option(names = "--report", paramLabel = "DIR", description = "Write the Markdown and HTML report into DIR.")
    Path report;

    @Override
    public Integer call() throws IOException {
        LoadResult result;
        try {
            result = IntervalLogMerge.merge(logs);
        } catch (IntervalLogMerge.BadLogException e) {
            spec.commandLine().getErr().println("lightpath: report merge: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().print(ResultSummary.render(result));
        if (json != null) {
            ResultJson.write(result, json);
        }
        if (hgrm != null) {
            ResultHgrm.write(result, hgrm);
        }
        if (report != null) {
            Path page = ReportWriter.writeSingleRun("Load test of " + result.spec().target() + " (" + logs.size()
                            + " load generators merged)", MachineFacts.detect("not used (merged from logs)"),
                    "target", "merged", "appliance report merge " + String.join(" ",
                            logs.stream().map(Path::toString).toList()), result, report);
            spec.commandLine().getOut().println("Report: " + page);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
