package dev.lightpath.tls;

import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * What an HTTPS listener serves: the certificate chain and key, the protocol range and suites, ALPN, the port,
 * and how many handshakes each core runs at once. Each core builds its own {@code SSL_CTX} from it
 * ({@link #newContext}), so the cores share nothing while they run; they share only the session ticket keys,
 * so that a ticket one core issued resumes on any core: those of a {@link TicketKeySchedule} where the engine
 * serves (rotated), else a set drawn once here.
 */
public final class TlsServerSettings {
    /** OpenSSL's own TLS 1.3 suites, AES-128-GCM first (the cheapest where AES-NI is). */
    public static final String DEFAULT_TLS13_SUITES =
            "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
    /** Forward-secret AEAD suites only (Mozilla's "intermediate" list), for TLS 1.2 clients. */
    public static final String DEFAULT_TLS12_SUITES = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305";

    /** nginx's users rotate {@code ssl_session_ticket_key} hourly or daily: hourly bounds what a stolen key opens. */
    public static final Duration DEFAULT_TICKET_KEY_ROTATION = Duration.ofHours(1);

    public Path certificateChain;
    public Path privateKey;
    public int port = 443;
    /** {@link LibSsl#TLS1_2_VERSION} or {@link LibSsl#TLS1_3_VERSION}; nothing older is ever accepted. */
    public int minVersion = LibSsl.TLS1_2_VERSION;
    public int maxVersion = LibSsl.TLS1_3_VERSION;
    public String tls13Suites = DEFAULT_TLS13_SUITES;
    public String tls12Suites = DEFAULT_TLS12_SUITES;
    /** ALPN protocols in order of preference; empty: ALPN is not answered. */
    public List<String> alpn = List.of("http/1.1");
    /** Handshakes one core runs at once; a connection beyond them is reset and counted. */
    public int maxHandshakes = 256;
    /** TLS 1.3 session tickets sent after a full handshake; 0 turns resumption by ticket off. */
    public int sessionTickets = 2;

    /** How long a session ticket key seals tickets before the next replaces it; zero: never replaced. */
    public Duration ticketKeyRotation = DEFAULT_TICKET_KEY_ROTATION;

    private final byte[] ticketKeys = new byte[SslContext.TICKET_KEYS_LENGTH];

    public TlsServerSettings() {
        new SecureRandom().nextBytes(ticketKeys);
    }

    /** The schedule of the keys that seal session tickets, the first drawn now from a CSPRNG. */
    public TicketKeySchedule newTicketKeySchedule() {
        SecureRandom random = new SecureRandom();
        return new TicketKeySchedule(ticketKeyRotation, random::nextBytes, System.nanoTime());
    }

    /** One core's context; the caller closes it. Throws {@code OpenSslException} naming what OpenSSL refused. */
    public SslContext newContext() {
        SslContext context = SslContext.server(certificateChain, privateKey);
        try {
            context.protocols(minVersion, maxVersion).tls13Suites(tls13Suites).tls12Suites(tls12Suites)
                    .sessionTickets(sessionTickets).ticketKeys(ticketKeys);
            if (!alpn.isEmpty()) {
                context.alpn(alpn);
            }
            return context;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HTTPS on port " + port + " (" + certificateChain + ", TLS " + version(minVersion) + " to "
                + version(maxVersion) + (alpn.isEmpty() ? "" : ", ALPN " + String.join(",", alpn)) + ")";
    }

    /** "1.2" or "1.3". */
    public static String version(int version) {
        return version == LibSsl.TLS1_3_VERSION ? "1.3" : version == LibSsl.TLS1_2_VERSION ? "1.2"
                : "0x" + Integer.toHexString(version);
    }
}
