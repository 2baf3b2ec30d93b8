package dev.lightpath.control;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code appliance bench}: the benchmarks, as the project's scripts run them — the end-to-end suite beside nginx
 * and Netty (benchmarks/e2e/run), or JMH microbenchmarks (benchmarks/jmh).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the benchmarks: by default the end-to-end suite (nginx, Netty and the appliance on one "
                + "veth, each met by the same load generator and wrk, pinned to cores, at the same offered rates) "
                + "which writes a Markdown and HTML report under benchmarks/reports/; with --jmh, JMH microbenchmarks.",
        footer = {"", "Examples:", "  appliance bench                 the quick profile (about 30 minutes on 2 cores)",
                "  appliance bench --full          the full profile, the figures of record",
                "  appliance bench --jmh HttpParser -prof gc"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "The quick profile (default).")
    boolean quick;

    @Option(names = "--full", description = "The full profile: more repetitions, longer runs.")
    boolean full;

    @Option(names = "--smoke", description = "The smallest run: checks that every system runs and the report is written.")
    boolean smoke;

    @Option(names = "--jmh", description = "Run JMH microbenchmarks instead; the remaining arguments go to JMH.")
    boolean jmh;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "Arguments passed on (JMH's, with --jmh).")
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = DemoCommand.findConfig("appliance.toml").getParent().getParent();
        Path script = home.resolve(jmh ? "benchmarks/jmh" : "benchmarks/e2e/run");
        if (!Files.isExecutable(script)) {
            System.err.println("lightpath: " + script + " is missing: bench runs from a checkout of the project");
            return 1;
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        if (!jmh) {
            command.add(full ? "--full" : smoke ? "--smoke" : "--quick");
        }
        command.addAll(rest);
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor();
    }
}
