package dev.lightpath.openssl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hand-copied constants against the installed headers, and the library itself: it loads, is OpenSSL 3,
 * and turns its error queue into words.
 */
class LibSslTest {

    @Test
    void everyConstantMatchesTheInstalledHeaders(@TempDir Path directory) throws Exception {
        Path source = Path.of(System.getProperty("lightpath.c.sources", "src/main/c")).getParent().getParent()
                .resolve("test/c/openssl_constants.c");
        Path binary = directory.resolve("constants");
        run(List.of("gcc", "-O0", "-o", binary.toString(), source.toString()));
        Map<String, Long> headers = new TreeMap<>();
        for (String line : run(List.of(binary.toString())).split("\n")) {
            String[] parts = line.trim().split(" ");
            headers.put(parts[0], Long.parseUnsignedLong(parts[1]));
        }
        Map<String, Long> java = new TreeMap<>();
        for (Field field : LibSsl.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())) {
                java.put(field.getName(), ((Number) field.get(null)).longValue());
            }
        }
        // The few the other classes copy for their own use, private or not, named as the headers name them.
        for (Class<?> type : List.of(SslContext.class, Alpn.class, SslReasons.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())
                        && field.getName().matches("(SSL|OPENSSL|ERR)_[A-Z0-9_]+")) {
                    field.setAccessible(true);
                    java.put(field.getName(), ((Number) field.get(null)).longValue());
                }
            }
        }
        assertEquals(headers, java, "the bindings' constants (left: the headers)");
    }

    @Test
    void theLibraryIsOpenSsl3() {
        assertTrue(LibSsl.available());
        assertTrue(LibSsl.version().startsWith("OpenSSL 3."), LibSsl.version());
    }

    @Test
    void aContextWithAMissingCertificateNamesTheFile() {
        OpenSslException e = assertThrows(OpenSslException.class,
                () -> SslContext.server(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem")));
        assertTrue(e.getMessage().contains("/nonexistent/cert.pem"), e.getMessage());
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRefusedInOpenSslsWords(@TempDir Path directory) throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path otherKey = directory.resolve("other.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-days", "1", "-subj", "/CN=a", "-keyout", directory.resolve("key.pem").toString(),
                "-out", cert.toString()));
        run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", otherKey.toString()));
        OpenSslException e = assertThrows(OpenSslException.class, () -> SslContext.server(cert, otherKey));
        assertTrue(e.getMessage().contains("key values mismatch"), e.getMessage());
        assertNotEquals(0, e.code());
        assertEquals(0, LibSsl.errGetError(), "the error queue was left empty");
        try (SslContext good = SslContext.server(cert, directory.resolve("key.pem"))) {
            assertNotEquals(0, good.address());
        }
    }

    @Test
    void aProtocolOlderThanTls12IsRefused() {
        try (SslContext context = SslContext.client(null)) {
            assertThrows(IllegalArgumentException.class, () -> context.protocols(0x0301, LibSsl.TLS1_3_VERSION));
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), command + ": " + output);
        return output;
    }
}
