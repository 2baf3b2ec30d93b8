package dev.lightpath.control;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code appliance report}: works on results already written. */
@Command(name = "report", mixinStandardHelpOptions = true, subcommands = ReportMergeCommand.class,
        description = "Works on load test results already written; see 'appliance report merge --help'.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
