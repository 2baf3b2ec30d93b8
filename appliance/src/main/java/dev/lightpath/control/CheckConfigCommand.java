package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.ConnectionBudget;
import dev.lightpath.control.config.CoreList;
import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.LoadgenSettings;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.RunSettings;
import dev.lightpath.control.config.Settings;
import dev.lightpath.control.config.SettingRule;
import dev.lightpath.control.config.TableSettings;
import dev.lightpath.control.config.TcpSettings;
import dev.lightpath.control.config.TlsSettings;
import dev.lightpath.tls.TlsConnectionMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code appliance check-config FILE}: validates a configuration file and prints what it amounts to. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Checks a configuration file without starting anything: prints the effective configuration "
                + "and exits 0, or lists every problem with its key and line and exits 2. With --keys, prints "
                + "every key instead.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The configuration file, e.g. config/appliance.toml.")
    Path file;

    @Option(names = "--keys", description = "Print every key run and loadgen read, with its type, default, flag and "
            + "help, instead of checking a file.")
    boolean keys;

    /** A load generator's file is told by its own tables. */
    static boolean isLoadgenConfig(Path file) {
        try {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String t = line.strip();
                if (t.equals("[target]") || t.equals("[load]") || t.equals("[[request]]")) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Integer call() {
        if (keys) {
            System.out.print("# Shared by run and loadgen\n" + Settings.reference(EngineSettings.ALL)
                    + "\n# run\n" + Settings.reference(RunSettings.OWN) + Settings.reference(TcpSettings.ALL)
                    + Settings.reference(TlsSettings.ALL) + TableSettings.ROUTES.reference()
                    + "\n# loadgen\n" + Settings.reference(LoadgenSettings.OWN) + TableSettings.REQUESTS.reference()
                    + TableSettings.PHASES.reference());
            return 0;
        }
        if (file == null) {
            System.err.println("check-config: name a FILE, or give --keys");
            return 2;
        }
        try {
            if (isLoadgenConfig(file)) {
                LoadgenConfig loadgen = new LoadgenConfig().load(file);
                SettingRule.checkAll(loadgen, LoadgenSettings.RULES);
                SettingRule.checkAll(loadgen.engine, LoadgenSettings.ENGINE_RULES);
                if (loadgen.engine.address != null) {
                    loadgen.engine.ipv4();
                }
                loadgen.engine.ipv6();
                LoadgenSettings.checkFamilies(loadgen, loadgen.engine);
                LoadgenSettings.checkSubnetEdges(loadgen, loadgen.engine);
                System.out.println("# " + file + ": a valid load generator configuration");
                System.out.print(loadgen.describe());
                return 0;
            }
            RunConfig run = new RunConfig().load(file);
            if (!run.devices.isEmpty() && run.address != null) {
                run.settings();
                System.out.println("# " + file + ": valid");
            } else {
                SettingRule.checkAll(run, RunSettings.RULES);
                if (run.address != null) {
                    run.ipv4();
                }
                run.ipv6();
                System.out.println("# " + file + ": valid; the device and address must come from flags (--device, --ip)");
            }
            System.out.print(run.describe());
            run.sizeTable(Runtime.getRuntime().maxMemory());
            System.out.println(ConnectionBudget.describe(run.tcp.tableCapacity, CoreList.parse(run.cores).size(),
                    run.tcpMaxConnections == null, run.tcp));
            if (TlsSettings.enabled(run)) {
                System.out.println("# " + TlsConnectionMemory.describe(run.tcp.tableCapacity, run.tls.maxHandshakes));
            }
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
