package dev.lightpath.control;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config}, which run and loadgen share: the configuration file their flags are laid over. */
final class ConfigFileOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (TOML): config/appliance.toml for run, config/loadgen.toml for loadgen "
                    + "show every key. Flags win over it.")
    Path file;
}
