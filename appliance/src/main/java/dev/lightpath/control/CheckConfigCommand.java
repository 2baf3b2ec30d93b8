package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code appliance check-config FILE}: validates a configuration file and prints what it amounts to. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Checks a configuration file without starting anything: prints the effective configuration "
                + "and exits 0, or lists every problem with its key and line and exits 2.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The configuration file, e.g. config/appliance.toml.")
    Path file;

    @Override
    public Integer call() {
        try {
            RunConfig run = new RunConfig().load(file);
            run.settings();
            System.out.println("# " + file + ": valid");
            System.out.print(run.describe());
            return 0;
        } catch (ConfigException e) {
            System.err.println(file + ": " + e.problems().size() + " problem(s)");
            e.problems().forEach(problem -> System.err.println("  " + problem));
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println(file + ": " + e.getMessage());
            return 2;
        }
    }
}
