package dev.lightpath.control.config;

import dev.lightpath.http.RouteSpec;
import dev.lightpath.loadgen.LoadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lists of tables as declared settings: each field read and checked by its kind, a refusal naming the table's
 * place and the field with its line, defaults filled in, and what check-config says back read back the same.
 */
class TableSettingsTest {
    @TempDir
    Path dir;

    private Path write(String name, String toml) throws Exception {
        return Files.writeString(dir.resolve(name), toml);
    }

    private List<String> runProblems(String toml) throws Exception {
        Path file = write("appliance.toml", toml);
        return assertThrows(ConfigException.class, () -> new RunConfig().load(file)).problems();
    }

    private List<String> loadgenProblems(String toml) throws Exception {
        Path file = write("loadgen.toml", toml);
        return assertThrows(ConfigException.class, () -> new LoadgenConfig().load(file)).problems();
    }

    @Test
    void aRouteFieldOutOfItsRangeIsRefusedNamingTheTableItsIndexAndTheField() throws Exception {
        List<String> problems = runProblems("""
                [[http.route]]
                path = "/a"
                type = "fixed"
                [[http.route]]
                path = "/b"
                type = "fixed"
                status = 999
                """);
        assertEquals(List.of("line 7: http.route[2].status: 999 is not an HTTP status (100-599)"), problems);
    }

    @Test
    void eachFieldIsCheckedByItsKindAndAMissingOneByTheRecord() throws Exception {
        assertEquals(List.of("line 3: http.route[1].type: 'proxy' is not one of " + RouteSpec.TYPES),
                runProblems("[[http.route]]\npath = \"/a\"\ntype = \"proxy\"\n"));
        assertEquals(List.of("line 4: http.route[1].delay: 'soon' is not a duration (write e.g. 10s, 500ms, 2m)"),
                runProblems("[[http.route]]\npath = \"/a\"\ntype = \"fixed\"\ndelay = \"soon\"\n"));
        List<String> noType = runProblems("[[http.route]]\npath = \"/a\"\n");
        assertEquals(1, noType.size());
        assertTrue(noType.getFirst().contains("http.route[1]: a route needs a path and a type"), noType.toString());
        assertEquals(List.of("line 2: request[1].weight: 0 is outside 1..1000000"),
                loadgenProblems("[[request]]\nweight = 0\n"));
        assertEquals(List.of("line 3: phase[1].rate: cannot be negative"),
                loadgenProblems("[[phase]]\nat = \"0s\"\nrate = -5\n"));
        assertEquals(List.of("line 2: request[1].method: must be a string, not an integer"),
                loadgenProblems("[[request]]\nmethod = 5\n"));
    }

    @Test
    void aFieldLeftOutTakesItsDeclaredDefault() throws Exception {
        LoadgenConfig loadgen = new LoadgenConfig().load(write("loadgen.toml", "[[request]]\nbody = \"x\"\n"));
        assertEquals(List.of(new LoadRequest("GET", "/", List.of(), "x", 1)), loadgen.requests);
    }

    @Test
    void whatCheckConfigSaysBackReadsBackTheSame() throws Exception {
        RunConfig run = new RunConfig().load(write("appliance.toml", """
                [port]
                devices = ["net_null0"]
                [[http.route]]
                path = "/hello"
                type = "fixed"
                status = 404
                body = "two\\nlines \\"quoted\\""
                headers = ["Cache-Control: no-store"]
                delay = "1500us"
                [[http.route]]
                path = "/old"
                type = "redirect"
                location = "/"
                """));
        assertEquals(1_500_000L, run.routes.getFirst().delayNanos(), "a duration field is read in nanoseconds");
        assertEquals(404, run.routes.getFirst().status());
        String described = run.describe();
        assertTrue(described.contains("[[http.route]]\npath = \"/hello\"\ntype = \"fixed\"\nstatus = 404\n"), described);
        assertEquals(run.routes, new RunConfig().load(write("again.toml", described)).routes, described);

        LoadgenConfig loadgen = new LoadgenConfig().load(write("loadgen.toml", """
                [port]
                devices = ["net_null0"]
                [[request]]
                method = "POST"
                path = "/upload"
                body = "a=b"
                weight = 3
                [[request]]
                path = "/"
                """));
        String said = loadgen.describe();
        assertEquals(loadgen.requests, new LoadgenConfig().load(write("again-loadgen.toml", said)).requests, said);
    }

    @Test
    void theKeyReferenceListsEachTableAndItsFieldsWithTypeAndDefault() {
        String reference = TableSettings.REQUESTS.reference();
        assertTrue(reference.startsWith("request (tables, [[request]]): "), reference);
        assertTrue(reference.contains("\nrequest.weight (integer, default 1): "), reference);
        assertTrue(reference.contains("\nrequest.method (string, default GET): "), reference);
        assertTrue(TableSettings.ROUTES.reference().contains("\nhttp.route.headers (list of strings): "));
    }
}
