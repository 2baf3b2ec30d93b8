package dev.lightpath.control.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped configuration files are the settings' documentation: each key a command declares is written in its
 * file (set, or commented out as an example) with its flag named beside it, and each key a file writes is one its
 * command declares, so that neither a new setting nor a removed one can leave the files behind.
 */
class DocumentedKeysTest {
    /** A key's line, set or commented out: {@code name = value} or {@code # name = value}. */
    private static final Pattern KEY = Pattern.compile("^#? ?([a-z][a-z0-9_]*) = ");
    /** A section's line, {@code [name]} or {@code [[name]]}, possibly commented out. */
    private static final Pattern SECTION = Pattern.compile("^#? ?(\\[\\[?)([a-z][a-z0-9_.]*)\\]\\]?\\s*$");

    /**
     * A default stated in a key's comment, as a TOML value: {@code Default 8191.}, {@code Default "60s".},
     * {@code Default ["http/1.1"].} Prose ("off by default", "Default: derived from ...") is not a value and is
     * not read.
     */
    private static final Pattern STATED_DEFAULT = Pattern.compile("\\bDefault (\"[^\"]*\"|\\[[^\\]]*\\]|-?\\d+|true|false)");

    /** A table field's default stated in prose: {@code a weight (default 1)}, {@code a path (default "/")}. */
    private static final Pattern STATED_FIELD_DEFAULT = Pattern.compile("\\b([a-z_]+) \\(default (\"[^\"]*\"|[^),]+)\\)");

    static Path shipped(String name) {
        return Path.of(System.getProperty("lightpath.home", ".."), "config", name);
    }

    @Test
    void everyRunKeyIsDocumentedInTheApplianceFileAndEveryKeyThereIsDeclared() throws IOException {
        assertDocumentsExactly(shipped("appliance.toml"), RunSettings.ALL, RunConfig.SCHEMA);
    }

    @Test
    void everyLoadgenKeyIsDocumentedInTheLoadgenFileAndEveryKeyThereIsDeclared() throws IOException {
        assertDocumentsExactly(shipped("loadgen.toml"), LoadgenSettings.ALL, LoadgenConfig.SCHEMA);
    }

    @Test
    void aKeyTheShippedFilesSetHoldsItsDeclaredDefault() throws IOException {
        assertSetKeysHoldTheirDefaults(shipped("appliance.toml"), RunSettings.ALL);
        assertSetKeysHoldTheirDefaults(shipped("loadgen.toml"), LoadgenSettings.ALL);
    }

    @Test
    void aDefaultTheCommentsStateIsTheDeclaredDefault() throws IOException {
        assertEquals(List.of(), wrongStatedDefaults(shipped("appliance.toml"), RunSettings.ALL));
        assertEquals(List.of(), wrongStatedDefaults(shipped("loadgen.toml"), LoadgenSettings.ALL));
    }

    @Test
    void aTableFieldsDefaultTheProseStatesIsTheDeclaredDefault() throws IOException {
        assertEquals(List.of(), wrongFieldDefaults(Files.readString(shipped("loadgen.toml")), TableSettings.REQUESTS));
        assertEquals(List.of(), wrongFieldDefaults(Files.readString(shipped("demo.toml")), TableSettings.ROUTES));
        String drifted = Files.readString(shipped("loadgen.toml")).replace("weight (default 1)", "weight (default 2)");
        assertEquals(List.of("request.weight: the prose says 2, the declaration 1"),
                wrongFieldDefaults(drifted, TableSettings.REQUESTS));
    }

    /**
     * Each "FIELD (default VALUE)" in {@code text} naming a field of {@code table} that has a declared default,
     * against that default. A field whose default depends on another (a route's status, by its type) declares none,
     * and its prose is not read.
     */
    private static List<String> wrongFieldDefaults(String text, TableSetting<?, ?> table) {
        List<String> wrong = new ArrayList<>();
        Matcher stated = STATED_FIELD_DEFAULT.matcher(text);
        while (stated.find()) {
            for (Setting<?, ?> field : table.fields()) {
                if (field.name().equals(stated.group(1)) && field.defaultValue() != null) {
                    String value = stated.group(2).strip();
                    Object raw = field.type() == ConfigFile.Type.INTEGER ? Long.valueOf(value)
                            : value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
                    if (!field.fromFile().apply(raw, Path.of(".")).equals(field.defaultValue())) {
                        wrong.add(field.key() + ": the prose says " + value + ", the declaration "
                                + formatted(field));
                    }
                }
            }
        }
        return wrong;
    }

    @Test
    void aStatedDefaultThatDriftedIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String appliance = Files.readString(shipped("appliance.toml"));
        assertTrue(appliance.contains("Default 8191."), "the example this test changes is there");
        Path drifted = Files.writeString(dir.resolve("a.toml"), appliance.replace("Default 8191.", "Default 4095."));
        assertEquals(List.of("port.mempool: the comment says 4095, the declaration 8191"),
                wrongStatedDefaults(drifted, RunSettings.ALL));
        Path stray = Files.writeString(dir.resolve("b.toml"), appliance.replace("[tcp]\n", "[tcp]\n# Default 7.\n\n"));
        assertEquals(List.of("a default stated with no key line after it: # Default 7."),
                wrongStatedDefaults(stray, RunSettings.ALL));
    }

    /**
     * Each default a comment states, against the declared default of the key whose line follows the comment; a
     * stated default with no key line after its comment is an error too, as it documents nothing checkable.
     */
    private static List<String> wrongStatedDefaults(Path file, List<? extends Setting<?, ?>> settings)
            throws IOException {
        Map<String, Setting<?, ?>> byKey = new java.util.HashMap<>();
        settings.forEach(setting -> byKey.put(setting.key(), setting));
        List<String> wrong = new ArrayList<>();
        String section = null;
        String stated = null;
        String statedLine = null;
        for (String line : Files.readAllLines(file)) {
            Matcher header = SECTION.matcher(line);
            Matcher key = KEY.matcher(line);
            if (header.matches() && !line.startsWith("#")) {
                section = header.group(2);
            } else if (key.find() && stated != null) {
                wrong.addAll(compare(byKey.get(section + "." + key.group(1)), stated, file));
                stated = null;
            } else if (line.startsWith("#")) {
                Matcher value = STATED_DEFAULT.matcher(line);
                if (value.find()) {
                    stated = value.group(1);
                    statedLine = line;
                }
                continue;
            }
            if (stated != null && (line.isBlank() || header.matches())) {
                wrong.add("a default stated with no key line after it: " + statedLine.strip());
                stated = null;
            }
        }
        return wrong;
    }

    private static List<String> compare(Setting<?, ?> setting, String stated, Path file) {
        if (setting == null) {
            return List.of(); // a table's field or a key nothing declares: the other tests name it
        }
        Object raw = org.tomlj.Toml.parse("v = " + stated).get("v");
        if (raw instanceof org.tomlj.TomlArray array) {
            raw = array.toList();
        }
        Object value = setting.fromFile().apply(raw, file);
        if (!value.equals(setting.defaultValue())) {
            return List.of(setting.key() + ": the comment says " + stated + ", the declaration "
                    + (setting.defaultValue() == null ? "none" : formatted(setting)));
        }
        return List.of();
    }

    private static <T> String formatted(Setting<?, T> setting) {
        return setting.format().apply(setting.defaultValue());
    }

    /** The files show each key at its default where they set it (the device and address are examples). */
    private static void assertSetKeysHoldTheirDefaults(Path file, List<? extends Setting<?, ?>> settings)
            throws IOException {
        org.tomlj.TomlParseResult toml = org.tomlj.Toml.parse(file);
        for (Setting<?, ?> setting : settings) {
            Object raw = toml.get(setting.key());
            if (raw == null || setting.defaultValue() == null) {
                continue;
            }
            if (raw instanceof org.tomlj.TomlArray array) {
                raw = array.toList();
            }
            assertEquals(setting.defaultValue(), setting.fromFile().apply(raw, file),
                    file.getFileName() + ": " + setting.key() + " is not shown at its default");
        }
    }

    @Test
    void theDemoFileWritesOnlyDeclaredKeysAndRouteKeys() throws IOException {
        Documented demo = Documented.read(shipped("demo.toml"));
        assertDeclared(demo, RunConfig.SCHEMA, "demo.toml");
        assertTablesDocumentExactly(demo, "demo.toml", TableSettings.ROUTES);
    }

    @Test
    void theLoadgenFileShowsEveryFieldOfItsTablesAndNoOther() throws IOException {
        Documented loadgen = Documented.read(shipped("loadgen.toml"));
        assertTablesDocumentExactly(loadgen, "loadgen.toml", TableSettings.REQUESTS, TableSettings.PHASES);
    }

    @Test
    void aTableFieldLeftOutOrUnknownIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String demo = Files.readString(shipped("demo.toml"));
        Documented without = Documented.read(Files.writeString(dir.resolve("a.toml"),
                demo.replace("realm = \"lightpath demo\"\n", "")));
        assertEquals(Set.of("http.route.realm"), missingFields(without, TableSettings.ROUTES));
        Documented extra = Documented.read(Files.writeString(dir.resolve("b.toml"),
                demo + "\n[[http.route]]\n# colour = \"red\"\n"));
        assertEquals(Set.of("colour"), unknownFields(extra, TableSettings.ROUTES));
    }

    /** Every field of {@code tables} is shown in one of the file's tables (set or commented), and nothing else is. */
    @SafeVarargs
    private static void assertTablesDocumentExactly(Documented documented, String name,
                                                    TableSetting<?, ?>... tables) {
        for (TableSetting<?, ?> table : tables) {
            assertEquals(Set.of(), missingFields(documented, table), name + " leaves out fields of [[" + table.key()
                    + "]]");
            assertEquals(Set.of(), unknownFields(documented, table), name + ": [[" + table.key() + "]] writes keys "
                    + "it does not declare");
        }
    }

    private static Set<String> missingFields(Documented documented, TableSetting<?, ?> table) {
        Set<String> shown = documented.tableKeys().getOrDefault(table.key(), Set.of());
        Set<String> missing = new TreeSet<>();
        for (Setting<?, ?> field : table.fields()) {
            if (!shown.contains(field.name())) {
                missing.add(field.key());
            }
        }
        return missing;
    }

    private static Set<String> unknownFields(Documented documented, TableSetting<?, ?> table) {
        Set<String> unknown = new TreeSet<>(documented.tableKeys().getOrDefault(table.key(), Set.of()));
        unknown.removeAll(table.schema().keySet());
        return unknown;
    }

    @Test
    void aKeyMissingFromTheFileOrUnknownToTheDeclarationsIsFound(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String appliance = Files.readString(shipped("appliance.toml"));
        Documented without = Documented.read(Files.writeString(dir.resolve("a.toml"),
                appliance.replace("udp_rate = 100\n", "")));
        assertEquals(Set.of("echo.udp_rate"), missing(without, RunSettings.ALL));
        Documented extra = Documented.read(Files.writeString(dir.resolve("b.toml"),
                appliance + "\n[echo]\n# burst = 5\n"));
        assertEquals(Set.of("echo.burst"), undeclared(extra, RunConfig.SCHEMA));
    }

    private static void assertDocumentsExactly(Path file, List<? extends Setting<?, ?>> settings,
                                               Map<String, ConfigFile.Type> schema) throws IOException {
        Documented documented = Documented.read(file);
        assertEquals(Set.of(), missing(documented, settings), file + " leaves out declared keys");
        assertDeclared(documented, schema, file.getFileName().toString());
        String text = Files.readString(file);
        for (Setting<?, ?> setting : settings) {
            if (setting.flag() != null) {
                assertTrue(text.contains("flag: " + setting.flag()) || text.contains(", " + setting.flag()),
                        file + " does not name " + setting.flag() + " beside " + setting.key());
            }
        }
        for (String table : documented.tableKeys().keySet()) {
            assertEquals(ConfigFile.Type.TABLE_LIST, schema.get(table), file + ": [[" + table + "]]");
        }
    }

    private static void assertDeclared(Documented documented, Map<String, ConfigFile.Type> schema, String name) {
        assertEquals(Set.of(), undeclared(documented, schema), name + " documents keys nothing declares");
    }

    private static Set<String> missing(Documented documented, List<? extends Setting<?, ?>> settings) {
        Set<String> missing = new TreeSet<>();
        for (Setting<?, ?> setting : settings) {
            if (!documented.keys().contains(setting.key())) {
                missing.add(setting.key());
            }
        }
        return missing;
    }

    private static Set<String> undeclared(Documented documented, Map<String, ConfigFile.Type> schema) {
        Set<String> undeclared = new TreeSet<>(documented.keys());
        undeclared.removeAll(schema.keySet());
        return undeclared;
    }

    /** The keys a file writes, set or commented out, by section; and the keys of its tables ([[name]]). */
    record Documented(Set<String> keys, Map<String, Set<String>> tableKeys) {
        static Documented read(Path file) throws IOException {
            Set<String> keys = new LinkedHashSet<>();
            Map<String, Set<String>> tables = new java.util.LinkedHashMap<>();
            String section = null;
            boolean table = false;
            // A table shown in comments inside another section ("# [[phase]]" and its "# at = ..." lines) ends at
            // the first blank or uncommented line, where the section around it goes on.
            String commentedTable = null;
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            for (String line : lines) {
                Matcher header = SECTION.matcher(line);
                Matcher key = KEY.matcher(line);
                if (line.isBlank() || !line.startsWith("#")) {
                    commentedTable = null;
                }
                if (header.matches() && line.startsWith("#") && header.group(1).equals("[[")) {
                    commentedTable = header.group(2);
                    tables.computeIfAbsent(commentedTable, s -> new LinkedHashSet<>());
                } else if (header.matches()) {
                    section = header.group(2);
                    table = header.group(1).equals("[[");
                    if (table) {
                        tables.computeIfAbsent(section, s -> new LinkedHashSet<>());
                    }
                } else if (key.find()) {
                    if (commentedTable != null) {
                        tables.get(commentedTable).add(key.group(1));
                    } else if (table) {
                        tables.get(section).add(key.group(1));
                    } else {
                        keys.add(section + "." + key.group(1));
                    }
                }
            }
            return new Documented(keys, tables);
        }
    }
}
