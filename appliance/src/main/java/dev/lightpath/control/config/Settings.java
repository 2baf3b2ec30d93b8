package dev.lightpath.control.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command's declared settings give together: its file's schema, the reading and checking of its values,
 * and the configuration said back as a file.
 */
public final class Settings {
    private Settings() {
    }

    /** The keys of {@code settings} and how the file holds them, in declaration order. */
    public static Map<String, ConfigFile.Type> schema(List<? extends Setting<?, ?>> settings) {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        for (Setting<?, ?> setting : settings) {
            keys.put(setting.key(), setting.type());
        }
        return keys;
    }

    /** Reads every key {@code file} (at {@code path}) has into {@code config}, each bad value a problem. */
    public static <C> void load(ConfigFile file, Path path, C config, List<Setting<C, ?>> settings) {
        for (Setting<C, ?> setting : settings) {
            setting.load(file, path, config);
        }
    }

    /** Checks the values {@code config} ends with; throws {@link IllegalArgumentException} naming flag and key. */
    public static <C> void check(C config, List<Setting<C, ?>> settings) {
        for (Setting<C, ?> setting : settings) {
            setting.checkIn(config);
        }
    }

    /**
     * The configuration as a file would say it: each section in the order its first setting is declared, each
     * value held (or its default), a setting with neither left out.
     */
    public static <C> String describe(C config, List<Setting<C, ?>> settings) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (Setting<C, ?> setting : settings) {
            String line = setting.toml(config);
            if (line != null) {
                sections.computeIfAbsent(setting.section(), s -> new ArrayList<>()).add(line);
            }
        }
        StringBuilder text = new StringBuilder();
        sections.forEach((section, lines) -> {
            text.append(text.isEmpty() ? "" : "\n").append('[').append(section).append("]\n");
            lines.forEach(line -> text.append(line).append('\n'));
        });
        return text.toString();
    }

    /**
     * The reference of {@code settings}, one line each: the key, how the file holds it, its default, its flag and
     * its help, as {@code appliance check-config --keys} prints it.
     */
    public static String reference(List<? extends Setting<?, ?>> settings) {
        StringBuilder text = new StringBuilder();
        for (Setting<?, ?> setting : settings) {
            text.append(entry(setting)).append('\n');
        }
        return text.toString();
    }

    private static <T> String entry(Setting<?, T> setting) {
        String type = switch (setting.type()) {
            case STRING -> "string";
            case INTEGER -> "integer";
            case BOOLEAN -> "true/false";
            case STRING_LIST -> "list of strings";
            case TABLE_LIST -> "tables";
        };
        return setting.key() + " (" + type
                + (setting.defaultValue() == null ? "" : ", default " + setting.format().apply(setting.defaultValue()))
                + (setting.flag() == null ? "" : ", flag " + String.join(", ", setting.names()))
                + "): " + setting.help();
    }

    /** Every setting of {@code lists}, in order. */
    @SafeVarargs
    public static <C> List<Setting<C, ?>> concat(List<Setting<C, ?>>... lists) {
        List<Setting<C, ?>> all = new ArrayList<>();
        for (List<Setting<C, ?>> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
