package dev.lightpath.bench.tls;

import dev.lightpath.openssl.SslContext;
import dev.lightpath.tls.SelfSignedCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * OpenSSL's side of the comparison: an ECDSA P-256 certificate made by {@code openssl req} into a temporary
 * directory, a server context serving it (one session ticket per connection, as the JDK's server sends) and a
 * client context trusting it. {@link JdkTlsContexts} is made from the same {@link #certificate}. Closing frees the
 * contexts and removes the directory.
 */
final class OpenSslContexts implements AutoCloseable {
    final SelfSignedCertificate certificate;
    final SslContext server;
    final SslContext client;
    private final Path directory;

    OpenSslContexts() throws IOException {
        directory = Files.createTempDirectory("lightpath-tls-bench");
        certificate = SelfSignedCertificate.generate(directory, "bench.test");
        server = SslContext.server(certificate.chain(), certificate.privateKey()).sessionTickets(1);
        client = SslContext.client(certificate.chain());
    }

    @Override
    public void close() throws IOException {
        server.close();
        client.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
