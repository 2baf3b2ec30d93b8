package dev.lightpath.http;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The smuggling inputs of {@link SmugglingCases} fed to the server in memory, whole and a byte at a time: the
 * requests it takes from each (as its access log names them, less those it refused) must be a prefix of those nginx takes from the
 * same bytes. Where they are shorter the server refused sooner (400 and a close), which moves no boundary
 * behind a front end; a request nginx did not take, or one split elsewhere, would.
 */
@Timeout(60)
class SmugglingCasesTest {
    private static final Pattern LINE = Pattern.compile("\"(\\S+) (\\S*) HTTP/1\\.[01]\" (\\d{3}) ");

    @TempDir
    Path dir;

    @Test
    void theServerTakesNoRequestNginxDoesNotWholeOrTrickled() throws Exception {
        StringBuilder stricter = new StringBuilder();
        for (SmugglingCases.Case c : SmugglingCases.all()) {
            List<String> whole = taken(c, 0);
            List<String> trickled = taken(c, 1);
            assertEquals(whole, trickled, c.name() + ": the same requests whole and a byte at a time");
            assertTrue(whole.size() <= c.nginxTakes().size()
                    && c.nginxTakes().subList(0, whole.size()).equals(whole),
                    c.name() + ": the server took " + whole + ", nginx " + c.nginxTakes());
            if (whole.size() < c.nginxTakes().size()) {
                stricter.append(c.name()).append(' ');
            }
        }
        // Where the server is stricter than nginx, on purpose: a chunk extension past max_chunk_line.
        assertEquals("c27-long-chunk-extension ", stricter.toString());
    }

    @Test
    void bareLfIsALineEndAndBareCrIsRefused() throws Exception {
        Map<String, String> cases = SmugglingCases.bytesByName();
        assertEquals(List.of("GET /c18", "GET /c18-next"), taken(find("c18-bare-lf-head"), 0));
        assertEquals(List.of("POST /c19", "GET /c19-next"), taken(find("c19-bare-lf-chunk-lines"), 0));
        assertEquals(List.of(), taken(find("c21-bare-cr-head"), 0));
        assertEquals(List.of(), taken(find("c23-bare-cr-chunk-line"), 0));
        assertEquals(List.of(), taken(find("c07-te-tab"), 0), "a tab before chunked: refused, as nginx refuses it");
        assertEquals(List.of(), taken(find("c34-te-tab-after-value"), 0));
        assertTrue(cases.size() >= 30);
    }

    private static SmugglingCases.Case find(String name) {
        return SmugglingCases.all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The requests the server takes from the case's bytes (delivered in segments of {@code step}, 0: whole). */
    private List<String> taken(SmugglingCases.Case c, int step) throws Exception {
        HttpSettings settings = new HttpSettings();
        HttpServer server = new HttpServer(settings, new Routes(List.of(Route.sink("/", 200))), 4, () -> 0L);
        Path file = Files.createTempFile(dir, c.name(), ".log");
        RequestLog log = new RequestLog(file);
        server.logTo(log.newCore());
        log.start();
        byte[] bytes = c.bytes().getBytes(StandardCharsets.ISO_8859_1);
        try (Arena arena = Arena.ofConfined()) {
            long address = NativeRegions.register(arena.allocate(bytes.length), "test memory").address();
            NativeMemory.copy(bytes, 0, address, bytes.length);
            FakeStream stream = new FakeStream(0);
            server.onOpen(stream);
            int segment = step == 0 ? bytes.length : step;
            for (int at = 0; at < bytes.length && !stream.closed && !stream.aborted; at += segment) {
                server.onData(stream, address + at, Math.min(segment, bytes.length - at));
            }
            stream.endIfAborted(server);
        } finally {
            log.close();
        }
        List<String> requests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.find(), line);
            if (!m.group(1).equals("-") && !SmugglingCases.refused(Integer.parseInt(m.group(3)))) {
                requests.add(m.group(1) + " " + m.group(2));
            }
        }
        return requests;
    }
}
