package dev.lightpath.control.config;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A TOML configuration file read against a schema of known keys and their types. Every problem is collected,
 * named by key and line (an unknown key with the closest known one suggested, a value of the wrong type, a
 * value its parser refuses), and reported together by {@link #check()} before anything starts.
 */
public final class ConfigFile {
    /** The type a key takes. */
    public enum Type { STRING, INTEGER, BOOLEAN, STRING_LIST, TABLE_LIST }

    private final String name;
    private final TomlParseResult toml;
    private final Map<String, Type> schema;
    private final List<String> problems = new ArrayList<>();

    private ConfigFile(String name, TomlParseResult toml, Map<String, Type> schema) {
        this.name = name;
        this.toml = toml;
        this.schema = schema;
        toml.errors().forEach(e -> problems.add("syntax: " + e)); // the error's text ends "(line L, column C)"
        if (toml.errors().isEmpty()) {
            checkKeys();
        }
    }

    public static ConfigFile read(Path path, Map<String, Type> schema) {
        try {
            return new ConfigFile(path.toString(), Toml.parse(Files.readString(path)), schema);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    public static ConfigFile parse(String name, String text, Map<String, Type> schema) {
        return new ConfigFile(name, Toml.parse(text), schema);
    }

    private void checkKeys() {
        for (String key : toml.dottedKeySet()) {
            Type type = schema.get(key);
            if (type == null) {
                problems.add(where(key) + "unknown key '" + key + "'" + suggestion(key));
                continue;
            }
            Object value = toml.get(key);
            boolean ok = switch (type) {
                case STRING -> value instanceof String;
                case INTEGER -> value instanceof Long;
                case BOOLEAN -> value instanceof Boolean;
                case STRING_LIST -> value instanceof TomlArray array && onlyStrings(array);
                case TABLE_LIST -> value instanceof TomlArray array && onlyTables(array);
            };
            if (!ok) {
                problems.add(where(key) + "'" + key + "' must be " + describe(type) + ", not " + describe(value));
            }
        }
    }

    private static boolean onlyStrings(TomlArray array) {
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyTables(TomlArray array) {
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof org.tomlj.TomlTable)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tables of an array of tables ({@code [[http.route]]}), each to be read with {@link #table}, which
     * checks its keys against {@code schema} and names problems by key and line like the top level.
     */
    public List<Table> tables(String key, Map<String, Type> tableSchema) {
        List<Table> tables = new ArrayList<>();
        if (!valid(key) || toml.getArray(key) == null) {
            return tables;
        }
        TomlArray array = toml.getArray(key);
        for (int i = 0; i < array.size(); i++) {
            tables.add(new Table(key + "[" + (i + 1) + "]", array.getTable(i), tableSchema));
        }
        return tables;
    }

    /** One table of an array of tables, read against its own schema; problems go to the file's list. */
    public final class Table {
        private final String name;
        private final org.tomlj.TomlTable table;

        private Table(String name, org.tomlj.TomlTable table, Map<String, Type> tableSchema) {
            this.name = name;
            this.table = table;
            for (String key : table.dottedKeySet()) {
                Type type = tableSchema.get(key);
                Object value = table.get(key);
                if (type == null) {
                    problem(key, "unknown key in " + name + " (known: " + String.join(", ", tableSchema.keySet()) + ")");
                } else if (!(switch (type) {
                    case STRING -> value instanceof String;
                    case INTEGER -> value instanceof Long;
                    case BOOLEAN -> value instanceof Boolean;
                    case STRING_LIST -> value instanceof TomlArray a && onlyStrings(a);
                    case TABLE_LIST -> false;
                })) {
                    problem(key, "must be " + describe(type) + ", not " + describe(value));
                }
            }
        }

        public String name() {
            return name;
        }

        /** True when the table has {@code key}, of whatever type. */
        public boolean has(String key) {
            return table.get(key) != null;
        }

        /** The value of {@code key} when it is of {@code type} (a String, Long, Boolean or list of strings); else null. */
        Object raw(String key, Type type) {
            return switch (type) {
                case STRING -> string(key);
                case INTEGER -> integer(key);
                case BOOLEAN -> table.get(key) instanceof Boolean b ? b : null;
                case STRING_LIST -> strings(key);
                case TABLE_LIST -> null;
            };
        }

        public String string(String key) {
            return table.get(key) instanceof String s ? s : null;
        }

        public Long integer(String key) {
            return table.get(key) instanceof Long n ? n : null;
        }

        public List<String> strings(String key) {
            if (!(table.get(key) instanceof TomlArray array) || !onlyStrings(array)) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                values.add(array.getString(i));
            }
            return values;
        }

        public void problem(String key, String message) {
            TomlPosition position = table.inputPositionOf(key);
            problems.add((position == null ? "" : "line " + position.line() + ": ") + name + "." + key + ": " + message);
        }

        /** A problem with the table as a whole. */
        public void problem(String message) {
            TomlPosition position = table.inputPositionOf(table.keySet().stream().findFirst().orElse(""));
            problems.add((position == null ? "" : "line " + position.line() + ": ") + name + ": " + message);
        }
    }

    private String suggestion(String key) {
        return schema.keySet().stream()
                .min(Comparator.comparingInt(known -> distance(known, key)))
                .filter(known -> distance(known, key) <= Math.max(2, key.length() / 3))
                .map(known -> " (did you mean '" + known + "'?)")
                .orElse("");
    }

    public Optional<String> string(String key) {
        return valid(key) ? Optional.ofNullable(toml.getString(key)) : Optional.empty();
    }

    public Optional<Long> integer(String key) {
        return valid(key) ? Optional.ofNullable(toml.getLong(key)) : Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        return valid(key) ? Optional.ofNullable(toml.getBoolean(key)) : Optional.empty();
    }

    public Optional<List<String>> strings(String key) {
        if (!valid(key) || toml.getArray(key) == null) {
            return Optional.empty();
        }
        TomlArray array = toml.getArray(key);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.getString(i));
        }
        return Optional.of(values);
    }

    /**
     * Applies {@code parser} to a string key's value; a refusal (IllegalArgumentException) becomes a problem
     * naming the key and line.
     */
    public <T> Optional<T> parsed(String key, Function<String, T> parser) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(where(key) + "'" + key + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a problem with a key's value found by a check outside this class. */
    public void problem(String key, String message) {
        problems.add(where(key) + "'" + key + "': " + message);
    }

    /** Throws {@link ConfigException} listing every problem found so far, if any. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigException(name, problems);
        }
    }

    private boolean valid(String key) {
        // A problem with this key starts with its line and name; another key's "did you mean" only mentions it.
        String own = where(key) + "'" + key + "'";
        return toml.errors().isEmpty() && toml.contains(key) && problems.stream().noneMatch(p -> p.startsWith(own));
    }

    private String where(String key) {
        TomlPosition position = toml.inputPositionOf(key);
        return position == null ? "" : "line " + position.line() + ": ";
    }

    private static String describe(Type type) {
        return switch (type) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case BOOLEAN -> "true or false";
            case STRING_LIST -> "a list of strings";
            case TABLE_LIST -> "a list of tables ([[...]])";
        };
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Long) {
            return "an integer";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        return value == null ? "nothing" : "a " + value.getClass().getSimpleName().replace("Toml", "").toLowerCase();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
