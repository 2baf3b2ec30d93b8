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
        java.util.Set<String> added = new java.util.HashSet<>();
        for (Setting<?> setting : EngineSettings.ALL) {
            if (!added.add(setting.flag())) {
                continue; // a flag two settings share (one per address family): declared by the first
            }
            OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                    .paramLabel(setting.label())
                    .description(description(setting));
            if (setting.repeatable()) {
                option.type(List.class).auxiliaryTypes(String.class);
            } else {
                option.type(String.class);
            }
            command.addOption(option.build());
        }
        return command;
    }

    /** The setting's help, with every key its flag sets (both families' for a shared flag). */
    private static String description(Setting<?> first) {
        List<String> keys = EngineSettings.ALL.stream().filter(s -> s.flag().equals(first.flag()))
                .map(Setting::key).toList();
        if (keys.size() == 1) {
            return first.description();
        }
        return first.help() + ". [" + String.join(", ", keys) + "]";
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
