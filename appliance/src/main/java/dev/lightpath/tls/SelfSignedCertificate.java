package dev.lightpath.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway ECDSA P-256 certificate and its key, made by Debian's {@code openssl req} into a directory the
 * caller owns: what a demo or a test serves, so that no key is ever kept in the repository.
 *
 * @param chain       the PEM certificate (self-signed, so the chain is the leaf alone, and it is its own trust anchor)
 * @param privateKey  the PEM private key (PKCS #8, unencrypted)
 */
public record SelfSignedCertificate(Path chain, Path privateKey) {

    /** Writes {@code cert.pem} and {@code key.pem} into {@code directory} for {@code commonName}, valid 2 days. */
    public static SelfSignedCertificate generate(Path directory, String commonName) {
        return generate(directory, commonName, null);
    }

    /** As {@link #generate(Path, String)}, the certificate naming {@code ipAddress} too when it is not null. */
    public static SelfSignedCertificate generate(Path directory, String commonName, String ipAddress) {
        Path chain = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        List<String> command = List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "subjectAltName=DNS:" + commonName
                        + (ipAddress == null ? "" : ",IP:" + ipAddress),
                "-keyout", key.toString(), "-out", chain.toString());
        try {
            Files.createDirectories(directory);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0 || !Files.isRegularFile(chain) || !Files.isRegularFile(key)) {
                throw new IllegalStateException("openssl req exited " + status + ": " + output.strip()
                        + " (is the openssl command installed? apt-get install openssl)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running openssl req (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while openssl req ran", e);
        }
        return new SelfSignedCertificate(chain, key);
    }
}
