package dev.lightpath.control.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * A rule across settings, declared once beside them: which settings it binds and what is wrong when it is broken.
 * It is checked on the values a command ends with, after the flags are laid over the file, in the same way for
 * every command and for {@code check-config}; a broken rule names the flags and the keys, as a value refused does.
 *
 * @param settings          the settings it binds, in the order the message names them
 * @param message           what is wrong, without the names (they are added)
 * @param broken            true for a configuration that breaks it
 * @param aFlagReplacesTheOthers for settings that exclude each other: a flag given for one sets the others back to
 *                          their defaults, so that a flag replaces what the file said with another of them
 * @param <C>               the configuration that holds them
 */
public record SettingRule<C>(List<Setting<C, ?>> settings, String message, Predicate<C> broken,
                             boolean aFlagReplacesTheOthers) {
    /** At most one of {@code a} and {@code b} is given; a flag for one replaces the file's other. */
    public static <C> SettingRule<C> exclusive(Setting<C, ?> a, Setting<C, ?> b) {
        return new SettingRule<>(List.of(a, b), "give one, not both", c -> given(a, c) && given(b, c), true);
    }

    /** {@code broken} says when the settings named do not go together, {@code message} why. */
    @SafeVarargs
    public static <C> SettingRule<C> of(String message, Predicate<C> broken, Setting<C, ?>... settings) {
        return new SettingRule<>(List.of(settings), message, broken, false);
    }

    /** True when {@code config} holds a value of {@code setting} other than its default. */
    public static <C, T> boolean given(Setting<C, T> setting, C config) {
        T value = setting.get().apply(config);
        return value != null && !value.equals(setting.defaultValue());
    }

    /** Throws {@link IllegalArgumentException} naming the flags and keys when {@code config} breaks the rule. */
    public void check(C config) {
        if (!broken.test(config)) {
            return;
        }
        List<String> flags = settings.stream().map(Setting::flag).filter(java.util.Objects::nonNull).distinct().toList();
        List<String> keys = settings.stream().map(Setting::key).toList();
        throw new IllegalArgumentException((flags.isEmpty() ? "" : String.join(" and ", flags) + ": ") + message
                + " [" + String.join(", ", keys) + "]");
    }

    /** Checks every rule of {@code rules} on {@code config}, the first broken one thrown. */
    public static <C> void checkAll(C config, List<SettingRule<C>> rules) {
        for (SettingRule<C> rule : rules) {
            rule.check(config);
        }
    }
}
