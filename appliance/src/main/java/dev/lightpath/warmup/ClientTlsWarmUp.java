package dev.lightpath.warmup;

import dev.lightpath.engine.StackPair;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.tls.TlsServerSettings;
import dev.lightpath.wire.Ipv4Address;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the load generator's warm-up needs to run its own TLS client path when the run's targets are https://: a
 * throwaway certificate for the warm-up's server, and client settings that do what the run's do (verification on
 * or off, an SNI or the address checked, resumption, protocol versions, ALPN) against that server instead.
 *
 * <p>Why the run's own choices and not fixed ones: each of them takes another branch through the client's
 * handshake and session code (the name check or the address check, a session offered or none), and a branch the
 * warm-up never took is one C2 compiles as a trap, to be hit by the run's first connections.
 */
final class ClientTlsWarmUp implements AutoCloseable {
    /** The name the warm-up's certificate carries, and its clients send and check when the run has a name. */
    static final String SERVER_NAME = "warm-up.invalid";

    private final Path directory;
    private final TlsServerSettings server;
    private final TlsClientSettings client;

    private ClientTlsWarmUp(Path directory, TlsServerSettings server, TlsClientSettings client) {
        this.directory = directory;
        this.server = server;
        this.client = client;
    }

    /** Makes the certificate (with Debian's {@code openssl req}) into a directory of its own. */
    static ClientTlsWarmUp like(TlsClientSettings run) {
        Path directory;
        try {
            directory = Files.createTempDirectory("lightpath-warm-up-tls");
        } catch (IOException e) {
            throw new UncheckedIOException("a directory for the warm-up's certificate", e);
        }
        try {
            String address = Ipv4Address.format(StackPair.SERVER_IP);
            SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory, SERVER_NAME, address);
            TlsServerSettings server = new TlsServerSettings();
            server.certificateChain = certificate.chain();
            server.privateKey = certificate.privateKey();
            server.alpn = run.alpn.isEmpty() ? server.alpn : run.alpn;
            TlsClientSettings client = new TlsClientSettings();
            client.verify = run.verify;
            client.trusted = certificate.chain();
            boolean named = run.peersOrOne().getFirst().serverName() != null;
            client.serverName = named ? SERVER_NAME : null;
            client.address = named ? null : address;
            client.resume = run.resume;
            client.minVersion = run.minVersion;
            client.maxVersion = run.maxVersion;
            client.alpn = run.alpn;
            return new ClientTlsWarmUp(directory, server, client);
        } catch (RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    /** The warm-up's server: the certificate above, TLS 1.2 and 1.3, the ALPN the clients offer. */
    TlsServerSettings server() {
        return server;
    }

    /** The run's client settings, aimed at the warm-up's server. */
    TlsClientSettings client() {
        return client;
    }

    /** The Host (and SNI) of the warm-up's requests. */
    String host() {
        return SERVER_NAME;
    }

    /** Removes the certificate and its key; the contexts made from them have read them already. */
    @Override
    public void close() {
        delete(directory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is no reason to fail the run.
        }
    }
}
