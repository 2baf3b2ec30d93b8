package dev.lightpath.control;

import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.Setting;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * The flags that say where and how the engine runs, which {@code run} and {@code loadgen} share, made from their
 * declarations in {@link EngineSettings}: a command that names this class as its {@code modelTransformer} gets one
 * option per setting, with the setting's flag, label and help (which names the key it overrides).
 */
final class EngineOptions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
        for (Setting<?> setting : EngineSettings.ALL) {
            OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                    .paramLabel(setting.label())
                    .description(setting.description());
            if (setting.repeatable()) {
                option.type(List.class).auxiliaryTypes(String.class);
            } else {
                option.type(String.class);
            }
            command.addOption(option.build());
        }
        return command;
    }

    /**
     * Each flag given replaces what {@code run} holds from the defaults and the file; the values are checked with
     * the rest, by {@link RunConfig#settings()}.
     */
    static void applyTo(CommandSpec command, RunConfig run) {
        for (Setting<?> setting : EngineSettings.ALL) {
            List<String> given = command.findOption(setting.flag()).stringValues();
            if (!given.isEmpty()) {
                try {
                    setting.applyFlag(given, run);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(command.commandLine(), e.getMessage(), e);
                }
            }
        }
    }
}
