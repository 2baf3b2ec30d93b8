package dev.lightpath.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests' peer scripts (under test resources e2e/) print: one line of {@code name=value} fields. */
final class ScriptReport {
    private ScriptReport() {
    }

    /** The whole-number field {@code name}; fails, showing the report, when it is not there. */
    static int field(String report, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "=(\\d+)").matcher(report);
        assertTrue(m.find(), name + " in " + report);
        return Integer.parseInt(m.group(1));
    }
}
