package dev.lightpath.control;

import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.LoadgenSettings;
import dev.lightpath.control.config.RunSettings;
import dev.lightpath.control.config.Setting;
import dev.lightpath.control.config.SettingRule;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags of declared settings ({@link Setting}): one option per flag, with the setting's names, label and help
 * (which names the key it overrides), gathered into one picocli mixin per section of the file (port, ip, engine,
 * stats, ...), so that {@code run} and {@code loadgen} share the mixins of the settings they share. A command gets
 * them by naming {@link Run} or {@link Loadgen} as its {@code modelTransformer}; {@link #applyTo} lays the flags
 * given over what the file said.
 */
final class SettingOptions {
    private SettingOptions() {
    }

    /** {@code run}'s options: the shared settings' and its own. */
    static final class Run implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return addMixins(command, RunSettings.ALL);
        }
    }

    /** {@code loadgen}'s options: the shared settings' and its own. */
    static final class Loadgen implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            List<Setting<?, ?>> all = new ArrayList<>(EngineSettings.ALL);
            all.addAll(LoadgenSettings.OWN);
            return addMixins(command, all);
        }
    }

    /** Adds a mixin per section of {@code settings}, holding an option per flag (a shared flag once). */
    static CommandSpec addMixins(CommandSpec command, List<? extends Setting<?, ?>> settings) {
        Map<String, CommandSpec> mixins = new LinkedHashMap<>();
        Set<String> added = new HashSet<>();
        for (Setting<?, ?> setting : settings) {
            if (setting.flag() == null || !added.add(setting.flag())) {
                continue; // a file-only setting, or a flag two settings share (one per address family, say)
            }
            OptionSpec.Builder option = OptionSpec.builder(setting.names().toArray(String[]::new))
                    .description(description(setting, settings));
            if (setting.label() == null) {
                option.arity("0").type(Boolean.class);
            } else if (setting.repeatable()) {
                option.paramLabel(setting.label()).type(List.class).auxiliaryTypes(String.class);
            } else {
                option.paramLabel(setting.label()).type(String.class);
            }
            mixins.computeIfAbsent(setting.section(), section -> CommandSpec.create()).addOption(option.build());
        }
        mixins.forEach(command::addMixin);
        return command;
    }

    /** The setting's help, with every key its flag sets (each sharing setting's). */
    private static String description(Setting<?, ?> first, List<? extends Setting<?, ?>> settings) {
        List<String> keys = settings.stream().filter(s -> first.flag().equals(s.flag())).map(Setting::key).toList();
        if (keys.size() == 1) {
            return first.description();
        }
        return first.help() + ". [" + String.join(", ", keys) + "]";
    }

    /**
     * Each flag given replaces what {@code config} holds from the defaults and the file; a text that is no value
     * is a usage error naming the flag and key. The values are checked with the rest, after the merge.
     */
    static <C> void applyTo(CommandSpec command, C config, List<Setting<C, ?>> settings) {
        for (Setting<C, ?> setting : settings) {
            if (setting.flag() == null) {
                continue;
            }
            OptionSpec option = command.findOption(setting.flag());
            List<String> given = option.arity().max() == 0
                    ? (Boolean.TRUE.equals(option.getValue()) ? List.of("true") : List.of())
                    : option.stringValues();
            if (!given.isEmpty()) {
                try {
                    setting.applyFlag(given, config);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(command.commandLine(), e.getMessage(), e);
                }
            }
        }
    }

    /**
     * {@link #applyTo(CommandSpec, Object, List)}, then the rules that let a flag replace the file's value of
     * another setting ({@link SettingRule#exclusive}): the settings of such a rule whose flags were not given go back
     * to their defaults when one of theirs was. Whether the result keeps the rules is checked with the rest.
     */
    static <C> void applyTo(CommandSpec command, C config, List<Setting<C, ?>> settings, List<SettingRule<C>> rules) {
        applyTo(command, config, settings);
        for (SettingRule<C> rule : rules) {
            if (!rule.aFlagReplacesTheOthers()
                    || rule.settings().stream().noneMatch(s -> s.flag() != null && given(command, s.flag()))) {
                continue;
            }
            for (Setting<C, ?> setting : rule.settings()) {
                if (setting.flag() == null || !given(command, setting.flag())) {
                    setting.reset(config);
                }
            }
        }
    }

    /** Whether the flag was given. */
    static boolean given(CommandSpec command, String flag) {
        OptionSpec option = command.findOption(flag);
        return option.arity().max() == 0 ? Boolean.TRUE.equals(option.getValue()) : !option.stringValues().isEmpty();
    }
}
