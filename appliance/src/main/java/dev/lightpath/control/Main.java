package dev.lightpath.control;

import dev.lightpath.control.config.Durations;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.NativeLibraries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code bin/appliance}: the program's entry point and its sub-commands. */
@Command(name = "appliance", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Lightpath: a DPDK-accelerated TCP/HTTP engine in Java.",
        subcommands = {RunCommand.class, StatCommand.class, LoadgenCommand.class, ReportCommand.class, BenchCommand.class, CheckConfigCommand.class,
            DemoCommand.class, DevicesCommand.class, TestbedCommand.class},
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error."})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The program's command line, with its converters and error handling, ready to execute. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lightpath: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String dpdk;
            try {
                NativeLibraries.load();
                dpdk = Eal.version();
            } catch (RuntimeException e) {
                dpdk = "DPDK unavailable (" + e.getMessage() + ")";
            }
            Package pkg = Main.class.getPackage();
            String version = pkg != null && pkg.getImplementationVersion() != null ? pkg.getImplementationVersion() : "dev";
            return new String[] {
                "Lightpath " + version,
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                dpdk};
        }
    }
}
