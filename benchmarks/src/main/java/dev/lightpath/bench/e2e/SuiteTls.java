package dev.lightpath.bench.e2e;

import dev.lightpath.tls.SelfSignedCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the TLS lane's servers share: one ECDSA P-256 certificate made for the run (no key is kept anywhere but
 * the run's temporary directory), TLS 1.3 only, and no resumption on either server, so that a new connection is
 * a full handshake whatever the client keeps (wrk keeps an SSL object per connection, and with it the session
 * a server's ticket would let it resume). nginx is set as its users set it from the common recommendation
 * (Mozilla's): session tickets off; and no session cache, its default. The appliance is given the same with
 * {@code [tls]}: {@code protocols = ["TLSv1.3"]}, {@code session_tickets = 0}, and the suites in the order nginx
 * ends up using.
 *
 * @param certificate the certificate and its key
 * @param applianceConfig the appliance's configuration file: its {@code [tls]} table, nothing else
 */
record SuiteTls(SelfSignedCertificate certificate, Path applianceConfig) {
    static final String NAME = "lightpath.bench";
    /**
     * OpenSSL's own TLS 1.3 order, which a client offers and nginx (by default the client's choice) takes: the
     * appliance, which chooses by its own order, is given the same, so both encrypt with AES-256-GCM.
     */
    static final String CIPHERSUITES = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

    static SuiteTls create(Path work) throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(work.resolve("tls"), NAME);
        Path config = work.resolve("appliance-tls.toml");
        Files.writeString(config, applianceToml(certificate));
        return new SuiteTls(certificate, config);
    }

    static String applianceToml(SelfSignedCertificate certificate) {
        return """
                [tls]
                certificate = "%s"
                key = "%s"
                protocols = ["TLSv1.3"]
                ciphersuites = "%s"
                session_tickets = 0
                """.formatted(certificate.chain(), certificate.privateKey(), CIPHERSUITES);
    }

    /** nginx's HTTPS server, serving the same files as its plain one. */
    String nginxServer(Path docroot, int port) {
        return """
                server {
                  listen %2$d ssl backlog=4096;
                  root %1$s;
                  ssl_certificate %3$s;
                  ssl_certificate_key %4$s;
                  ssl_protocols TLSv1.3;
                  ssl_session_tickets off;
                }
                """.formatted(docroot, port, certificate.chain(), certificate.privateKey());
    }
}
