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
        for (String key : demo.tableKeys().getOrDefault("http.route", Set.of())) {
            assertTrue(RunConfig.ROUTE_SCHEMA.containsKey(key), "demo.toml: [[http.route]] " + key + " is no route key");
        }
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
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            for (String line : lines) {
                Matcher header = SECTION.matcher(line);
                Matcher key = KEY.matcher(line);
                if (header.matches()) {
                    section = header.group(2);
                    table = header.group(1).equals("[[");
                    if (table) {
                        tables.computeIfAbsent(section, s -> new LinkedHashSet<>());
                    }
                } else if (key.find()) {
                    if (table) {
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
