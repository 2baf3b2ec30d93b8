package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser in a JVM started without {@code --add-modules jdk.incubator.vector}: it must not touch the
 * vector code, and the word scans alone must parse as the grammar says.
 */
class ParserWithoutVectorApiTest {
    @Test
    void parsesWithTheWordScansAlone() throws Exception {
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName()))
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        assertEquals("word scans: browser request 703 bytes, 9 fields; random field sections as the grammar says\n", output);
    }

    /** What runs in the child JVM. */
    static final class Child {
        public static void main(String[] args) {
            assertFalse(ByteScan.VECTORS, "the child has no Vector API");
            try (Arena arena = Arena.ofConfined()) {
                HttpRequestParser parser = new HttpRequestParser(8192, 16384);
                HttpRequest request = new HttpRequest(100);
                byte[] browser = HttpRequestParserTest.BROWSER_REQUEST.getBytes(StandardCharsets.ISO_8859_1);
                long address = NativeRegions.register(arena.allocate(browser.length), "test memory").address();
                NativeMemory.copy(browser, 0, address, browser.length);
                int length = parser.parse(address, browser.length, request);
                int fields = request.fieldCount();
                HttpRequestParserTest.fieldSectionsParseAsTheGrammarSays(parser, request, NativeRegions.register(arena.allocate(8192), "test memory").address(), 5_000);
                System.out.println("word scans: browser request " + length + " bytes, " + fields
                        + " fields; random field sections as the grammar says");
            }
        }
    }
}
