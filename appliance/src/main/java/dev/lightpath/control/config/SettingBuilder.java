package dev.lightpath.control.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Declares a {@link Setting} by its kind of value, so that every whole number, duration or on/off value is read,
 * checked and written the same way whichever command, file or flag it comes from: a range is checked alike for a
 * file's value and a flag's, and its message is the same.
 *
 * @param <T> the value's type
 */
public final class SettingBuilder<T> {
    private final String key;
    private final ConfigFile.Type type;
    private List<String> names = List.of();
    private String label;
    private String help = "";
    private T defaultValue;
    private boolean repeatable;
    private Function<List<String>, T> fromFlag;
    private BiFunction<Object, Path, T> fromFile;
    private Consumer<T> check = value -> {
    };
    private Function<T, String> format = String::valueOf;

    private SettingBuilder(String key, ConfigFile.Type type) {
        this.key = key;
        this.type = type;
    }

    /** A whole number from {@code least} to {@code most}; {@code outside} says what a number beyond them is. */
    public static SettingBuilder<Integer> integer(String key, int least, int most, Function<Long, String> outside) {
        SettingBuilder<Integer> setting = new SettingBuilder<>(key, ConfigFile.Type.INTEGER);
        setting.fromFile = (raw, path) -> (int) inRange((Long) raw, least, most, outside);
        // A flag's number is checked with the rest of the values, as a file's is when it is read.
        setting.fromFlag = last(text -> (int) inRange(wholeNumber(text), Integer.MIN_VALUE, Integer.MAX_VALUE, outside));
        setting.check = n -> inRange(n, least, most, outside);
        return setting;
    }

    /** A whole number from {@code least} to {@code most}, a number beyond them said to be outside them. */
    public static SettingBuilder<Integer> integer(String key, int least, int most) {
        return integer(key, least, most, n -> n + " is outside " + least + ".." + most);
    }

    /** A whole number that may exceed an int, from {@code least} to {@code most}. */
    public static SettingBuilder<Long> whole(String key, long least, long most, Function<Long, String> outside) {
        SettingBuilder<Long> setting = new SettingBuilder<>(key, ConfigFile.Type.INTEGER);
        setting.fromFile = (raw, path) -> inRange((Long) raw, least, most, outside);
        setting.fromFlag = last(SettingBuilder::wholeNumber);
        setting.check = n -> inRange(n, least, most, outside);
        return setting;
    }

    /** True or false in the file, on or off (or true or false) on the command line. */
    public static SettingBuilder<Boolean> bool(String key) {
        SettingBuilder<Boolean> setting = new SettingBuilder<>(key, ConfigFile.Type.BOOLEAN);
        setting.fromFile = (raw, path) -> (Boolean) raw;
        setting.fromFlag = last(SettingBuilder::onOff);
        return setting;
    }

    /** Text that {@code parser} accepts (it throws {@link IllegalArgumentException} saying why not). */
    public static SettingBuilder<String> text(String key, Function<String, ?> parser) {
        SettingBuilder<String> setting = new SettingBuilder<>(key, ConfigFile.Type.STRING);
        setting.fromFile = (raw, path) -> (String) raw;
        setting.fromFlag = last(text -> text);
        setting.check = parser::apply;
        return setting;
    }

    /** One of a set of names, e.g. an enum's: {@code parse} refuses any other, {@code name} writes one back. */
    public static <T> SettingBuilder<T> named(String key, Function<String, T> parse, Function<T, String> name) {
        SettingBuilder<T> setting = new SettingBuilder<>(key, ConfigFile.Type.STRING);
        setting.fromFile = (raw, path) -> parse.apply((String) raw);
        setting.fromFlag = last(parse);
        setting.format = name;
        return setting;
    }

    /** A duration written as {@link Durations} reads it, held in nanoseconds. */
    public static SettingBuilder<Long> nanos(String key) {
        SettingBuilder<Long> setting = new SettingBuilder<>(key, ConfigFile.Type.STRING);
        setting.fromFile = (raw, path) -> Durations.parse((String) raw).toNanos();
        setting.fromFlag = last(text -> Durations.parse(text).toNanos());
        setting.format = n -> Durations.format(Duration.ofNanos(n));
        return setting;
    }

    /** A duration written as {@link Durations} reads it. */
    public static SettingBuilder<Duration> duration(String key) {
        SettingBuilder<Duration> setting = new SettingBuilder<>(key, ConfigFile.Type.STRING);
        setting.fromFile = (raw, path) -> Durations.parse((String) raw);
        setting.fromFlag = last(Durations::parse);
        setting.format = Durations::format;
        return setting;
    }

    /** A list of strings; its flag is repeatable, each adding one. */
    @SuppressWarnings("unchecked")
    public static SettingBuilder<List<String>> strings(String key) {
        SettingBuilder<List<String>> setting = new SettingBuilder<>(key, ConfigFile.Type.STRING_LIST);
        setting.fromFile = (raw, path) -> List.copyOf((List<String>) raw);
        setting.fromFlag = List::copyOf;
        setting.repeatable = true;
        setting.format = list -> String.join(", ", list);
        return setting;
    }

    /** The name within its section or table: {@code status} for {@code http.route.status}. */
    String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** The flag's parameter label (null for a flag that takes no value) and its names, the long one last. */
    public SettingBuilder<T> flag(String flagLabel, String... flagNames) {
        this.label = flagLabel;
        this.names = List.of(flagNames);
        return this;
    }

    public SettingBuilder<T> help(String text) {
        this.help = text;
        return this;
    }

    public SettingBuilder<T> byDefault(T value) {
        this.defaultValue = value;
        return this;
    }

    /** Replaces the kind's check of a value (for text, list and on/off kinds, which have none or a parser's). */
    public SettingBuilder<T> check(Consumer<T> more) {
        this.check = more;
        return this;
    }

    /** How the flag's texts become a value. */
    public SettingBuilder<T> fromFlag(Function<List<String>, T> value, boolean flagRepeatable) {
        this.fromFlag = value;
        this.repeatable = flagRepeatable;
        return this;
    }

    /** How the file's value becomes one, given the file's path. */
    public SettingBuilder<T> fromFile(BiFunction<Object, Path, T> value) {
        this.fromFile = value;
        return this;
    }

    public SettingBuilder<T> format(Function<T, String> text) {
        this.format = text;
        return this;
    }

    /** The setting, its value held where {@code get} finds it and {@code set} puts it. */
    public <C> Setting<C, T> at(Function<C, T> get, BiConsumer<C, T> set) {
        return new Setting<>(key, type, names, label, help, defaultValue, repeatable, fromFlag, fromFile, check,
                format, get, set);
    }

    /** A flag given once (or its last value when given again). */
    public static <T> Function<List<String>, T> last(Function<String, T> value) {
        return texts -> value.apply(texts.getLast());
    }

    static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
        }
    }

    private static long inRange(long n, long least, long most, Function<Long, String> outside) {
        if (n < least || n > most) {
            throw new IllegalArgumentException(outside.apply(n));
        }
        return n;
    }

    private static boolean onOff(String text) {
        return switch (text.strip()) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("is on or off, not '" + text + "'");
        };
    }
}
