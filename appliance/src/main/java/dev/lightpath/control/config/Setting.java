package dev.lightpath.control.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One setting, declared once: its configuration key and the type the file holds it in, its flag and the flag's
 * label and help, its default, how a file's value and a flag's text become a value, what a value must be, how it
 * is written back, and where the value lives. The file's schema, the command's option, the merge of flag over
 * file, the checks and {@code check-config}'s line are derived from it, so that they cannot drift apart.
 * Declarations are made with {@link SettingBuilder}.
 *
 * @param key          the configuration key, {@code section.name}
 * @param type         how the file holds it
 * @param names        the command-line flag's names, the long one last (e.g. {@code -c, --connections}); empty
 *                     for a setting only the file gives
 * @param label        the flag's parameter label in the help, e.g. {@code N}; null for a flag that takes no value
 * @param help         what it is, for the help (the default and the key are added to it)
 * @param defaultValue the value where neither file nor flag says anything; null for none
 * @param repeatable   whether the flag may be given several times, each adding a value
 * @param fromFlag     the value of the flag's texts, in the order given (one unless repeatable); throws
 *                     {@link IllegalArgumentException} for text that is no value
 * @param fromFile     the value of what the file holds (a String, Long, Boolean or list of strings) given the
 *                     file's path (a path in it is relative to the file); throws {@link IllegalArgumentException}
 * @param check        throws {@link IllegalArgumentException} saying what is wrong with a value (without the key)
 * @param format       a value as text, without quotes: for the help's default and for the file
 * @param get          the value held in a configuration
 * @param set          holds a value in a configuration
 * @param <C>          the configuration that holds it
 * @param <T>          the value's type
 */
public record Setting<C, T>(String key, ConfigFile.Type type, List<String> names, String label, String help,
                            T defaultValue, boolean repeatable, Function<List<String>, T> fromFlag,
                            BiFunction<Object, Path, T> fromFile, Consumer<T> check, Function<T, String> format,
                            Function<C, T> get, BiConsumer<C, T> set) {
    /** The flag by which messages name it (the long name); null when it has none. */
    public String flag() {
        return names.isEmpty() ? null : names.getLast();
    }

    /**
     * The section of the file it sits in: {@code port} for {@code port.mempool}; for a field of a list of tables,
     * the tables' key: {@code http.route} for {@code http.route.status}.
     */
    public String section() {
        return key.substring(0, key.lastIndexOf('.'));
    }

    /** The name within its section or table: {@code mempool} for {@code port.mempool}. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** The flag's help: what it is, its default, and the key it overrides. */
    public String description() {
        return help + (defaultValue == null ? "" : " (default " + format.apply(defaultValue) + ")") + ". [" + key + "]";
    }

    /** Reads the key from {@code file} (at {@code path}) into {@code config} when it has it; a bad value is a problem. */
    void load(ConfigFile file, Path path, C config) {
        Optional<?> raw = switch (type) {
            case STRING -> file.string(key);
            case INTEGER -> file.integer(key);
            case STRING_LIST -> file.strings(key);
            case BOOLEAN -> file.bool(key);
            case TABLE_LIST -> throw new IllegalStateException(key + ": a list of tables is no setting");
        };
        raw.ifPresent(value -> {
            try {
                T typed = fromFile.apply(value, path);
                check.accept(typed);
                set.accept(config, typed);
            } catch (IllegalArgumentException e) {
                file.problem(key, e.getMessage());
            }
        });
    }

    /** Lays the flag's texts over {@code config}; throws {@link IllegalArgumentException} naming the flag. */
    public void applyFlag(List<String> texts, C config) {
        try {
            set.accept(config, fromFlag.apply(texts));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag() + ": " + e.getMessage() + " [" + key + "]", e);
        }
    }

    /** Checks the value {@code config} ends with, whatever set it; the message names the flag and the key. */
    void checkIn(C config) {
        T value = get.apply(config);
        if (value == null) {
            return;
        }
        try {
            check.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((flag() == null ? "" : flag() + ": ") + e.getMessage() + " [" + key
                    + "]", e);
        }
    }

    /** Sets the value back to the default (null where there is none). */
    public void reset(C config) {
        set.accept(config, defaultValue);
    }

    /** Copies the value from one configuration to another. */
    void copy(C from, C to) {
        set.accept(to, get.apply(from));
    }

    /**
     * The key's line in a TOML file for the value {@code config} holds, or for the default when it holds none;
     * null when there is neither.
     */
    String toml(C config) {
        T value = get.apply(config);
        if (value == null) {
            value = defaultValue;
        }
        if (value == null) {
            return null;
        }
        return name() + " = " + switch (type) {
            case STRING_LIST -> RunConfig.quoted(((List<?>) value).stream().map(String::valueOf).toList());
            case STRING -> RunConfig.quoted(List.of(format.apply(value))).replaceAll("^\\[|\\]$", "");
            default -> format.apply(value);
        };
    }

    /** This setting held in a part of a larger configuration, e.g. the engine's part of the load generator's. */
    public <D> Setting<D, T> within(Function<D, C> part) {
        return new Setting<>(key, type, names, label, help, defaultValue, repeatable, fromFlag, fromFile, check, format,
                d -> get.apply(part.apply(d)), (d, value) -> set.accept(part.apply(d), value));
    }
}
