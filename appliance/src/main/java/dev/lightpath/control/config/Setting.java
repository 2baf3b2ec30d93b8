package dev.lightpath.control.config;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One setting, declared once: its configuration key and the type the file holds it in, its flag and the flag's
 * label and help, its default, how a flag's text becomes a value, what a value must be, and where the value lives.
 * The file's schema, the command's option, the merge of flag over file, the checks and {@code check-config}'s line
 * are derived from it, so that they cannot drift apart.
 *
 * @param key        the configuration key, {@code section.name}
 * @param type       how the file holds it
 * @param flag       the command-line flag, e.g. {@code --mempool}
 * @param label      the flag's parameter label in the help, e.g. {@code N}
 * @param help       what it is, for the help (the default and the key are added to it)
 * @param defaultValue the value where neither file nor flag says anything; null for none
 * @param repeatable whether the flag may be given several times, each adding a value
 * @param fromFlag   the value of the flag's texts, in the order given (one unless repeatable); throws
 *                   {@link IllegalArgumentException} for text that is no value
 * @param check      throws {@link IllegalArgumentException} saying what is wrong with a value (without the key)
 * @param get        the value held in a configuration
 * @param set        holds a value in a configuration
 * @param <T>        the value's type
 */
public record Setting<T>(String key, ConfigFile.Type type, String flag, String label, String help, T defaultValue,
                         boolean repeatable, Function<List<String>, T> fromFlag, Consumer<T> check,
                         Function<RunConfig, T> get, BiConsumer<RunConfig, T> set) {
    /** The flag's help: what it is, its default, and the key it overrides. */
    public String description() {
        return help + (defaultValue == null ? "" : " (default " + defaultValue + ")") + ". [" + key + "]";
    }

    /** Reads the key from {@code file} into {@code config} when the file has it; a bad value becomes a problem. */
    void load(ConfigFile file, RunConfig config) {
        Optional<?> raw = switch (type) {
            case STRING -> file.string(key);
            case INTEGER -> file.integer(key).map(n -> (int) Math.max(Integer.MIN_VALUE, Math.min(n, Integer.MAX_VALUE)));
            case STRING_LIST -> file.strings(key);
            case BOOLEAN -> file.bool(key);
            default -> throw new IllegalStateException(key + ": no engine setting is a " + type);
        };
        raw.ifPresent(value -> {
            @SuppressWarnings("unchecked")
            T typed = (T) value;
            try {
                check.accept(typed);
                set.accept(config, typed);
            } catch (IllegalArgumentException e) {
                file.problem(key, e.getMessage());
            }
        });
    }

    /** Lays the flag's texts over {@code config}; throws {@link IllegalArgumentException} naming the flag. */
    public void applyFlag(List<String> texts, RunConfig config) {
        try {
            set.accept(config, fromFlag.apply(texts));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage() + " [" + key + "]", e);
        }
    }

    /** Checks the value {@code config} ends with, whatever set it; the message names the flag and the key. */
    void checkIn(RunConfig config) {
        T value = get.apply(config);
        if (value == null) {
            return;
        }
        try {
            check.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage() + " [" + key + "]", e);
        }
    }

    /** Copies the value from one configuration to another. */
    void copy(RunConfig from, RunConfig to) {
        set.accept(to, get.apply(from));
    }

    /** The key's line in a TOML file for the value {@code config} holds, or null when it holds none. */
    String toml(RunConfig config) {
        T value = get.apply(config);
        if (value == null) {
            return null;
        }
        String name = key.substring(key.indexOf('.') + 1);
        return name + " = " + switch (value) {
            case List<?> list -> RunConfig.quoted(list.stream().map(String::valueOf).toList());
            case String text -> RunConfig.quoted(List.of(text)).replaceAll("^\\[|\\]$", "");
            default -> String.valueOf(value);
        };
    }
}
