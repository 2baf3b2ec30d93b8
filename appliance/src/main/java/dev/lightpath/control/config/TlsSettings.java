package dev.lightpath.control.config;

import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.OpenSslException;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tls.TlsServerSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The [tls] keys of the appliance's file: HTTPS beside HTTP, on when {@code tls.certificate} is given. Each key
 * is declared once ({@link Setting}); none has a flag. Beyond each value's own check, {@link #load} checks that
 * they hold together as OpenSSL will take them: the files are there, every certificate of the chain is valid
 * now, the key matches the certificate, the suites and protocols are ones OpenSSL knows; each problem names its
 * key.
 */
public final class TlsSettings {
    public static final Setting<RunConfig, String> CERTIFICATE = path("tls.certificate",
            "PEM certificate chain, the server's certificate first; HTTPS is served when given",
            c -> c.tls.certificateChain, (c, p) -> c.tls.certificateChain = p);

    public static final Setting<RunConfig, String> KEY = path("tls.key", "PEM private key of the certificate",
            c -> c.tls.privateKey, (c, p) -> c.tls.privateKey = p);

    public static final Setting<RunConfig, Integer> PORT = SettingBuilder.integer("tls.port", 1, 65535,
                    n -> n + " is not a port (1-65535)")
            .help("The HTTPS port").byDefault(443).at(c -> c.tls.port, (c, v) -> c.tls.port = v);

    public static final Setting<RunConfig, List<String>> PROTOCOLS = SettingBuilder.strings("tls.protocols")
            .help("Protocol versions accepted: TLSv1.3 and TLSv1.2; nothing older is")
            .check(TlsSettings::versionRange).byDefault(List.of("TLSv1.3", "TLSv1.2"))
            .at(c -> protocolNames(c.tls), (c, v) -> {
                int[] range = versionRange(v);
                c.tls.minVersion = range[0];
                c.tls.maxVersion = range[1];
            });

    public static final Setting<RunConfig, String> CIPHERSUITES = SettingBuilder.text("tls.ciphersuites",
                    TlsSettings::nonBlank)
            .help("TLS 1.3 cipher suites, colon-separated, in OpenSSL's names")
            .byDefault(TlsServerSettings.DEFAULT_TLS13_SUITES)
            .at(c -> c.tls.tls13Suites, (c, v) -> c.tls.tls13Suites = v);

    public static final Setting<RunConfig, String> CIPHERS = SettingBuilder.text("tls.ciphers", TlsSettings::nonBlank)
            .help("TLS 1.2 cipher suites, an OpenSSL cipher list").byDefault(TlsServerSettings.DEFAULT_TLS12_SUITES)
            .at(c -> c.tls.tls12Suites, (c, v) -> c.tls.tls12Suites = v);

    public static final Setting<RunConfig, List<String>> ALPN = SettingBuilder.strings("tls.alpn")
            .help("ALPN protocols, in order of preference; [] to answer no ALPN")
            .check(list -> {
                if (!list.isEmpty()) {
                    dev.lightpath.openssl.Alpn.wireFormat(list);
                }
            })
            .byDefault(List.of("http/1.1")).at(c -> c.tls.alpn, (c, v) -> c.tls.alpn = List.copyOf(v));

    public static final Setting<RunConfig, Integer> MAX_HANDSHAKES = SettingBuilder.integer("tls.max_handshakes", 1,
                    1_000_000)
            .help("Handshakes one core runs at once; a connection beyond them is reset and counted").byDefault(256)
            .at(c -> c.tls.maxHandshakes, (c, v) -> c.tls.maxHandshakes = v);

    public static final Setting<RunConfig, Integer> SESSION_TICKETS = SettingBuilder.integer("tls.session_tickets",
                    0, 16)
            .help("TLS 1.3 session tickets sent after a full handshake; 0 for none").byDefault(2)
            .at(c -> c.tls.sessionTickets, (c, v) -> c.tls.sessionTickets = v);

    public static final Setting<RunConfig, Duration> TICKET_KEY_ROTATION = SettingBuilder
            .duration("tls.ticket_key_rotation")
            .help("How long a session ticket key seals new tickets before a new one replaces it (it still opens its "
                    + "tickets for one period more); 0 never replaces it")
            .check(period -> {
                if (!period.isZero() && period.toMillis() < 1000) {
                    throw new IllegalArgumentException("0 (never) or at least 1s: the keys are rotated on a timer "
                            + "that reads the clock once a second");
                }
            })
            .byDefault(TlsServerSettings.DEFAULT_TICKET_KEY_ROTATION)
            .at(c -> c.tls.ticketKeyRotation, (c, v) -> c.tls.ticketKeyRotation = v);

    /** Every [tls] setting, in the order {@code check-config} gives them. */
    public static final List<Setting<RunConfig, ?>> ALL = List.of(CERTIFICATE, KEY, PORT, PROTOCOLS, CIPHERSUITES,
            CIPHERS, ALPN, MAX_HANDSHAKES, SESSION_TICKETS, TICKET_KEY_ROTATION);

    private TlsSettings() {
    }

    /** Whether HTTPS is served: a certificate was given. */
    public static boolean enabled(RunConfig config) {
        return config.tls.certificateChain != null;
    }

    /**
     * What is wrong with {@code tls} as OpenSSL would take it at {@code now}, by key: empty when it is right, or
     * when no certificate is given and HTTPS is off.
     */
    public static Map<String, String> problems(TlsServerSettings tls, Instant now) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (tls.certificateChain == null) {
            if (tls.privateKey != null) {
                problems.put(CERTIFICATE.key(), "missing: tls.key is given without the certificate it belongs to");
            }
            return problems;
        }
        if (tls.privateKey == null) {
            problems.put(KEY.key(), "missing: the certificate's private key is needed to serve it");
            return problems;
        }
        String certificateProblem = certificateProblem(tls.certificateChain, now);
        if (certificateProblem != null) {
            problems.put(CERTIFICATE.key(), certificateProblem);
        }
        if (!Files.isRegularFile(tls.privateKey) || !Files.isReadable(tls.privateKey)) {
            problems.put(KEY.key(), tls.privateKey + " is not a readable file");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        if (!LibSsl.available()) {
            problems.put(CERTIFICATE.key(), "OpenSSL 3 is not available to serve it (apt-get install libssl3)");
            return problems;
        }
        try {
            SslContext.server(tls.certificateChain, tls.privateKey).close();
        } catch (OpenSslException e) {
            problems.put(KEY.key(), "OpenSSL refused the certificate and key (does the key match the certificate?): "
                    + e.getMessage());
            return problems;
        }
        // A context that refuses a setting is closed by the refusal: each step is tried on a context of its own.
        attempt(problems, tls, PROTOCOLS.key(), context -> context.protocols(tls.minVersion, tls.maxVersion));
        attempt(problems, tls, CIPHERSUITES.key(), context -> context.tls13Suites(tls.tls13Suites));
        attempt(problems, tls, CIPHERS.key(), context -> context.tls12Suites(tls.tls12Suites));
        return problems;
    }

    private static void attempt(Map<String, String> problems, TlsServerSettings tls, String key,
                                Consumer<SslContext> step) {
        try (SslContext context = SslContext.server(tls.certificateChain, tls.privateKey)) {
            step.accept(context);
        } catch (OpenSslException | IllegalArgumentException e) {
            problems.put(key, "OpenSSL refused it: " + e.getMessage());
        }
    }

    /** Why the chain cannot be served at {@code now} (missing, unreadable, no certificate, expired), or null. */
    static String certificateProblem(Path chain, Instant now) {
        if (!Files.isRegularFile(chain) || !Files.isReadable(chain)) {
            return chain + " is not a readable file";
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(chain)) {
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException | CertificateException e) {
            return chain + " holds no PEM certificate that can be read: " + e.getMessage();
        }
        if (certificates.isEmpty()) {
            return chain + " holds no certificate";
        }
        for (X509Certificate certificate : certificates) {
            String subject = certificate.getSubjectX500Principal().getName();
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                return "the certificate " + subject + " in " + chain + " expired on " + certificate.getNotAfter()
                        .toInstant();
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                return "the certificate " + subject + " in " + chain + " is not valid before " + certificate
                        .getNotBefore().toInstant();
            }
        }
        return null;
    }

    /** {min, max} of names like "TLSv1.3"; throws for an empty list, an unknown name or one older than TLS 1.2. */
    public static int[] versionRange(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name TLSv1.3, TLSv1.2 or both");
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (String name : names) {
            int version = switch (name) {
                case "TLSv1.3" -> LibSsl.TLS1_3_VERSION;
                case "TLSv1.2" -> LibSsl.TLS1_2_VERSION;
                case "SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1" ->
                        throw new IllegalArgumentException(name + " is older than TLS 1.2: it is never accepted");
                default -> throw new IllegalArgumentException("'" + name + "' is not TLSv1.3 or TLSv1.2");
            };
            min = Math.min(min, version);
            max = Math.max(max, version);
        }
        return new int[] {min, max};
    }

    private static List<String> protocolNames(TlsServerSettings tls) {
        List<String> names = new ArrayList<>();
        if (tls.maxVersion >= LibSsl.TLS1_3_VERSION) {
            names.add("TLSv1.3");
        }
        if (tls.minVersion <= LibSsl.TLS1_2_VERSION) {
            names.add("TLSv1.2");
        }
        return names;
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("name at least one suite");
        }
        return text;
    }

    /** A file's path, a relative one taken from the folder of the file that names it. */
    private static Setting<RunConfig, String> path(String key, String help, Function<RunConfig, Path> get,
                                                   BiConsumer<RunConfig, Path> set) {
        return SettingBuilder.text(key, text -> {
                    if (text.isBlank()) {
                        throw new IllegalArgumentException("name a file");
                    }
                    return text;
                }).help(help)
                .fromFile((raw, file) -> file.resolveSibling((String) raw).normalize().toString())
                .at(c -> get.apply(c) == null ? null : get.apply(c).toString(),
                        (c, v) -> set.accept(c, v == null ? null : Path.of(v)));
    }
}
