package dev.lightpath.tls;

import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;

import java.nio.file.Path;
import java.util.List;

/**
 * What a load generator's TLS connections do: whom they trust, the name they ask for and check, whether they
 * resume sessions, and the protocols they offer. Each core builds its own {@code SSL_CTX} from it
 * ({@link #newContext}) and keeps its own sessions, so the cores share nothing while they run.
 */
public final class TlsClientSettings {
    /** PEM trust anchors; null: the system's store. */
    public Path trusted;
    /** False: any certificate is accepted, unchecked ({@code --insecure}). */
    public boolean verify = true;
    /** The SNI and the name the certificate must carry; null: none sent, and the {@link #address} is checked. */
    public String serverName;
    /** The server's IP address as text (no brackets), checked against the certificate when no name is given. */
    public String address;
    /** Each connection offers the session its lane's previous connection ended with. */
    public boolean resume;
    public int minVersion = LibSsl.TLS1_2_VERSION;
    public int maxVersion = LibSsl.TLS1_3_VERSION;
    /** Offered by ALPN; empty: none offered. */
    public List<String> alpn = List.of("http/1.1");

    /** One core's context; the caller closes it. Throws {@code OpenSslException} naming what OpenSSL refused. */
    public SslContext newContext() {
        SslContext context = !verify ? SslContext.client(null)
                : trusted != null ? SslContext.client(trusted) : SslContext.clientTrustingSystem();
        try {
            context.protocols(minVersion, maxVersion);
            if (!alpn.isEmpty()) {
                context.offerAlpn(alpn);
            }
            return context;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** What the certificate is checked against: the server name, else the address; null when nothing is checked. */
    String expected() {
        return !verify ? null : serverName != null ? serverName : address;
    }

    @Override
    public String toString() {
        return "TLS " + TlsServerSettings.version(minVersion) + " to " + TlsServerSettings.version(maxVersion)
                + (serverName == null ? "" : ", SNI " + serverName)
                + (!verify ? ", certificate not verified" : trusted == null ? ", verified against the system's store"
                        : ", verified against " + trusted)
                + (resume ? ", sessions resumed" : ", full handshakes");
    }
}
