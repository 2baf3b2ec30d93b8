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
    /**
     * Each target's own name and address, in the run's order of targets, for a run whose targets are different
     * servers; empty: {@link #serverName} and {@link #address} for every connection.
     */
    public List<Peer> peers = List.of();

    /**
     * One target's TLS identity.
     *
     * @param serverName its SNI and the name its certificate must carry, or null: no SNI, the address checked
     * @param address    its IP address as text (no brackets), checked when it has no name
     */
    public record Peer(String serverName, String address) {
    }

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

    /** The identity of each target: {@link #peers}, or the one {@link #serverName} and {@link #address}. */
    public List<Peer> peersOrOne() {
        return peers.isEmpty() ? List.of(new Peer(serverName, address)) : peers;
    }

    /** What {@code peer}'s certificate is checked against: its name, else its address; null when nothing is checked. */
    String expected(Peer peer) {
        return !verify ? null : peer.serverName() != null ? peer.serverName() : peer.address();
    }

    private String sniOfPeers() {
        List<String> names = peers.stream().map(Peer::serverName).distinct().toList();
        return names.size() == 1 ? (names.getFirst() == null ? "" : ", SNI " + names.getFirst())
                : ", SNI per target (" + String.join(", ", names.stream().map(n -> n == null ? "none" : n).toList())
                        + ")";
    }

    @Override
    public String toString() {
        return "TLS " + TlsServerSettings.version(minVersion) + " to " + TlsServerSettings.version(maxVersion)
                + (!peers.isEmpty() ? sniOfPeers() : serverName == null ? "" : ", SNI " + serverName)
                + (!verify ? ", certificate not verified" : trusted == null ? ", verified against the system's store"
                        : ", verified against " + trusted)
                + (resume ? ", sessions resumed" : ", full handshakes");
    }
}
