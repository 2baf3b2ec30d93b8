package dev.lightpath.control;

import dev.lightpath.control.metrics.CountersFiles;
import dev.lightpath.control.metrics.StatReport;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.metrics.CountersSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code appliance stat}: the running appliance's counters, live. Attaches read-only to the counters file its
 * workers publish into, so watching costs the data path nothing.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Shows a running appliance's counters every second: per core and summed, with rates per "
                + "second, grouped by their prefix (net.rx, net.drop, tcp.connections, ...). Finds the newest "
                + "running appliance by its counters file (/dev/shm/lightpath-<pid>.counters) unless told which.",
        footer = {"", "Exit codes: 0 success (or the appliance stopped), 1 no running appliance, 2 usage error."})
final class StatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--stats-file", paramLabel = "FILE", description = "The appliance's counters file (as given to run --stats-file).")
    Path statsFile;

    @Option(names = "--stats-dir", paramLabel = "DIR", description = "Where to look for running appliances' counters files (default /dev/shm).")
    Path statsDir;

    @Option(names = "--once", description = "Print one snapshot (totals, no rates) and exit.")
    boolean once;

    @Option(names = "--json", description = "One JSON object per snapshot, one per line, with every counter.")
    boolean json;

    @Option(names = "--all", description = "Also show counters that are zero on every core.")
    boolean all;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", description = "Time between snapshots (default 1s).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N snapshots (default: until the appliance stops).")
    int count;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (interval.isNegative() || interval.isZero()) {
            throw new ParameterException(spec.commandLine(), "--interval must be positive, not " + interval);
        }
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be 0 or more, not " + count);
        }
        Path directory = statsDir != null ? statsDir : CountersFiles.defaultDirectory();
        Optional<Path> file = statsFile != null ? Optional.of(statsFile) : CountersFiles.findLive(directory);
        if (file.isEmpty()) {
            err.println("lightpath: no running appliance: no live lightpath-*.counters in " + directory
                    + " (start one with 'appliance run', or name its counters file with --stats-file)");
            err.flush();
            return 1;
        }
        CountersFileReader reader;
        try {
            reader = CountersFileReader.attach(file.get());
        } catch (IllegalStateException e) {
            err.println("lightpath: no running appliance: " + e.getMessage());
            err.flush();
            return 1;
        }
        try (reader) {
            if (!CountersFiles.alive(reader.pid())) {
                err.println("lightpath: appliance pid " + reader.pid() + " is not running; its counters are as it left them");
            }
            CountersSnapshot previous = null;
            for (int printed = 0; ; ) {
                CountersSnapshot snapshot = reader.snapshot();
                long now = System.currentTimeMillis();
                out.println(json ? StatReport.json(snapshot, previous, now) : StatReport.text(snapshot, previous, now, all));
                out.flush();
                printed++;
                if (once || printed == count) {
                    return 0;
                }
                previous = snapshot;
                Thread.sleep(interval);
                if (!reader.live() || !CountersFiles.alive(reader.pid())) {
                    err.println("lightpath: the appliance (pid " + reader.pid() + ") has stopped");
                    err.flush();
                    return 0;
                }
            }
        }
    }
}
