package dev.lightpath.control.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list of tables ({@code [[http.route]]}, {@code [[request]]}, {@code [[phase]]}), declared once as the scalar
 * settings are: its key and help, and its fields, each a {@link Setting} of its own kind (key
 * {@code http.route.status}, type, default, range or check, help) over one table's {@link Fields}. The tables'
 * schema, the reading and checking of each field (a problem names the table's place and the field:
 * {@code http.route[2].status}), the record each table becomes, what {@code check-config} says back and its
 * {@code --keys} reference all come from this declaration.
 *
 * @param key    the tables' key, {@code http.route}
 * @param help   what one table is, for {@code --keys}
 * @param fields the keys one table may hold; a field's default stands where the table says nothing
 * @param build  the record one table's fields make; throws {@link IllegalArgumentException} saying why they do
 *               not hold together (a field missing, or two that exclude each other)
 * @param fieldsOf the fields a record says back, for {@code check-config}
 * @param held   the records a configuration holds, to be said back
 * @param <C>    the configuration that holds them
 * @param <R>    what one table becomes
 */
public record TableSetting<C, R>(String key, String help, List<Setting<Fields, ?>> fields,
                                 Function<Fields, R> build, Function<R, Fields> fieldsOf,
                                 Function<C, List<R>> held) {
    /** One table's values by field name, as read and checked; a field neither given nor defaulted is absent. */
    public static final class Fields {
        private final Map<String, Object> values = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        public <T> T get(String name) {
            return (T) values.get(name);
        }

        /** Holds {@code value} under {@code name}; null leaves the field out. */
        public Fields put(String name, Object value) {
            if (value == null) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
            return this;
        }
    }

    /** A field of a list of tables, declared by its kind: {@code field(integer("http.route.status", 100, 599))}. */
    public static <T> Setting<Fields, T> field(SettingBuilder<T> kind) {
        return kind.at(fields -> fields.get(kind.name()), (fields, value) -> fields.put(kind.name(), value));
    }

    /**
     * The tables as one value, for the rules that bind them with other settings ({@link SettingRule}): given when
     * the file has any, and set back to none ({@code set}) when a flag of a setting they exclude replaces them.
     */
    public Setting<C, List<R>> asOne(java.util.function.BiConsumer<C, List<R>> set) {
        return new Setting<>(key, ConfigFile.Type.TABLE_LIST, List.of(), null, help, List.of(), false, null, null,
                value -> { }, Object::toString, held, set);
    }

    /** The keys one table may hold and their types. */
    public Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        for (Setting<Fields, ?> field : fields) {
            keys.put(field.name(), field.type());
        }
        return keys;
    }

    /**
     * The records of the file's tables, in order, each field read and checked as its kind says; a table with a
     * problem (recorded in {@code file}, naming the table and the field) gives no record.
     */
    public List<R> load(ConfigFile file, Path path) {
        List<R> records = new ArrayList<>();
        for (ConfigFile.Table table : file.tables(key, schema())) {
            Fields values = new Fields();
            boolean whole = true;
            for (Setting<Fields, ?> field : fields) {
                whole &= read(field, table, path, values);
            }
            if (!whole) {
                continue;
            }
            try {
                records.add(build.apply(values));
            } catch (IllegalArgumentException e) {
                table.problem(e.getMessage());
            }
        }
        return records;
    }

    private static <T> boolean read(Setting<Fields, T> field, ConfigFile.Table table, Path path, Fields values) {
        Object raw = table.raw(field.name(), field.type());
        if (raw == null) {
            field.set().accept(values, field.defaultValue());
            return !table.has(field.name()); // present but of another type: the table recorded it
        }
        try {
            T value = field.fromFile().apply(raw, path);
            field.check().accept(value);
            field.set().accept(values, value);
            return true;
        } catch (IllegalArgumentException e) {
            table.problem(field.name(), e.getMessage());
            return false;
        }
    }

    /** The records {@code config} holds as the file would write them, one {@code [[key]]} each; "" for none. */
    public String describe(C config) {
        StringBuilder text = new StringBuilder();
        for (R record : held == null ? List.<R>of() : held.apply(config)) {
            text.append("\n[[").append(key).append("]]\n");
            Fields values = fieldsOf.apply(record);
            for (Setting<Fields, ?> field : fields) {
                String line = field.toml(values);
                if (line != null) {
                    text.append(line).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** The tables' lines for {@code check-config --keys}: the tables, then each field. */
    public String reference() {
        return key + " (tables, [[" + key + "]]): " + help + "\n" + Settings.reference(fields);
    }
}
