package dev.lightpath.http;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.http.Responses.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A docroot that is a checkout or a deployment directory holds {@code .git/}, {@code .env} and
 * {@code .htpasswd}: none of it is served (404, as if absent, in every spelling of the path) unless the
 * settings ask for dotfiles; {@code /.well-known/} stays public.
 */
@Timeout(30)
class DotfilesTest {
    static final String SECRET = "password=hunter2";
    static final List<String> HIDDEN = List.of("/.env", "/.htpasswd", "/.git/config", "/.git/", "/.git",
            "/docs/.secret/key.pem", "/docs/.env", "/%2eenv", "/%2Egit/config", "/docs/../.env", "/./.env",
            "/.well-known/.hidden", "/docs/.well-known/x.txt");

    @TempDir
    Path docroot;
    final Arena arena = Arena.ofConfined();

    @BeforeEach
    void site() throws IOException {
        Files.writeString(docroot.resolve("index.html"), "index");
        Files.writeString(docroot.resolve(".env"), SECRET);
        Files.writeString(docroot.resolve(".htpasswd"), SECRET);
        Files.createDirectories(docroot.resolve(".git"));
        Files.writeString(docroot.resolve(".git/config"), SECRET);
        Files.writeString(docroot.resolve(".git/index.html"), SECRET);
        Files.createDirectories(docroot.resolve("docs/.secret"));
        Files.writeString(docroot.resolve("docs/.secret/key.pem"), SECRET);
        Files.writeString(docroot.resolve("docs/.env"), SECRET);
        Files.writeString(docroot.resolve("docs/page.html"), "page");
        Files.createDirectories(docroot.resolve("docs/.well-known"));
        Files.writeString(docroot.resolve("docs/.well-known/x.txt"), SECRET);
        Files.createDirectories(docroot.resolve(".well-known"));
        Files.writeString(docroot.resolve(".well-known/security.txt"), "Contact: mailto:security@example.invalid\n");
        Files.writeString(docroot.resolve(".well-known/.hidden"), SECRET);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    @Test
    void dotfilesAreAbsentByDefault() {
        try (StaticContent content = StaticContent.load(docroot)) {
            HttpServer server = server(content, new HttpSettings());
            for (String path : HIDDEN) {
                for (String method : List.of("GET", "HEAD")) {
                    Response answer = get(server, method, path);
                    assertEquals(404, answer.status(), method + " " + path);
                    assertFalse(new String(answer.body(), StandardCharsets.ISO_8859_1).contains("hunter2"), path);
                }
            }
            assertEquals("index", body(get(server, "GET", "/")));
            assertEquals("page", body(get(server, "GET", "/docs/page.html")));
            assertEquals(200, get(server, "GET", "/.well-known/security.txt").status(), "RFC 8615 stays public");
            assertEquals(3, content.fileCount(), "index.html, page.html and security.txt only: " + content.files());
        }
    }

    @Test
    void servedWhenAskedFor() {
        HttpSettings settings = new HttpSettings();
        settings.serveDotfiles = true;
        try (StaticContent content = StaticContent.load(docroot, settings.serveDotfiles)) {
            HttpServer server = server(content, settings);
            assertEquals(SECRET, body(get(server, "GET", "/.env")));
            assertEquals(SECRET, body(get(server, "GET", "/.git/config")));
            assertEquals(SECRET, body(get(server, "GET", "/docs/.secret/key.pem")));
            assertEquals(301, get(server, "GET", "/.git").status(), "a directory without its slash");
        }
    }

    @Test
    void theServiceLoadsItsDocrootAsTheSettingsSay() {
        HttpSettings settings = new HttpSettings();
        try (HttpService.LoadedRoutes hidden = new HttpService(settings, List.of(RouteSpec.files("/", docroot))).load()) {
            assertNull(hidden.contents().get(0).find(bytes("/.env"), 0, 5));
        }
        settings.serveDotfiles = true;
        try (HttpService.LoadedRoutes shown = new HttpService(settings, List.of(RouteSpec.files("/", docroot))).load()) {
            assertNotNull(shown.contents().get(0).find(bytes("/.env"), 0, 5));
        }
    }

    private HttpServer server(StaticContent content, HttpSettings settings) {
        return new HttpServer(settings, new Routes(List.of(Route.files("/", content))), 4, () -> 0L);
    }

    private Response get(HttpServer server, String method, String path) {
        FakeStream stream = new FakeStream(0);
        server.onOpen(stream);
        byte[] request = bytes(method + " " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
        long address = NativeRegions.register(arena.allocate(request.length), "test memory").address();
        NativeMemory.copy(request, 0, address, request.length);
        server.onData(stream, address, request.length);
        List<Response> answers = Responses.parse(stream.sent.toByteArray(), method.equals("HEAD"));
        assertEquals(1, answers.size(), method + " " + path);
        return answers.get(0);
    }

    private static String body(Response response) {
        return new String(response.body(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
