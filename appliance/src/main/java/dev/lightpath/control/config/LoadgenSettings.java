package dev.lightpath.control.config;

import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.loadgen.RateProfile;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings only {@code appliance loadgen} has, beside the shared ones ({@link EngineSettings}): the targets,
 * the client addresses, the load and the live view of its counters. Its request mix and rate phases, tables of
 * their own, are read by {@link LoadgenConfig}; what belongs to one run only (result files, start time) is given
 * by flags alone.
 */
public final class LoadgenSettings {
    public static final Setting<LoadgenConfig, String> URL = SettingBuilder.text("target.url", TargetUrl::parse)
            .flag("URL[@WEIGHT]", "--url")
            .help("Target, http://IPv4[:PORT]/path or https://IPv4[:PORT]/path ([IPv6] as well). Repeatable: the connections are dealt out over the targets in "
                    + "proportion to their weights (a trailing @N, default 1), e.g. --url http://198.18.0.1/@3 "
                    + "--url http://198.18.0.3/@1")
            // The flag's targets are held as target.urls, whatever their number: given, it replaces both keys.
            .fromFlag(texts -> null, true)
            .at(c -> c.url, (c, v) -> c.url = v);

    public static final Setting<LoadgenConfig, List<String>> URLS = SettingBuilder.strings("target.urls")
            .flag("URL[@WEIGHT]", "--url").help("Several targets, each URL or URL@WEIGHT")
            .check(urls -> {
                if (urls.isEmpty()) {
                    throw new IllegalArgumentException("name at least one URL");
                }
                urls.forEach(url -> TargetUrl.target(url, true));
            }).at(c -> c.urls, (c, v) -> {
                if (v != null && c.url != null) {
                    throw new IllegalArgumentException("give target.url or target.urls, not both");
                }
                c.urls = v;
            });

    public static final Setting<LoadgenConfig, List<String>> SOURCES = SettingBuilder.strings("client.addresses")
            .flag("ADDRESSES", "--source")
            .help("Client address pool: CIDR blocks or addresses (repeatable, or comma-separated), e.g. "
                    + "198.18.1.0/24 (its first and last addresses left out) or 2001:db8:1::/120 (/112 to /128; "
                    + "at most 65,536 addresses per family). The load generator answers ARP or Neighbour Discovery "
                    + "for each and spreads its connections over them and their ports (each core taking the pairs "
                    + "whose flow hash steers back to it), so a run may hold 28,232 connections per address and "
                    + "target; IPv4 targets use the IPv4 blocks, IPv6 targets the IPv6 ones. The target must reach "
                    + "them on its link (or through a route). Default: the --ip addresses")
            .check(addresses -> {
                if (AddressPool.parse(addresses).isEmpty() && Ipv6AddressPool.parse(addresses).isEmpty()) {
                    throw new IllegalArgumentException("name at least one address, or leave the key out");
                }
            }).at(c -> c.clientAddresses, (c, v) -> c.clientAddresses = v);

    public static final Setting<LoadgenConfig, Integer> CONNECTIONS = SettingBuilder.integer("load.connections", 1,
                    1_000_000)
            .flag("N", "-c", "--connections").help("Connections in all").byDefault(10)
            .at(c -> c.connections, (c, v) -> c.connections = v);

    public static final Setting<LoadgenConfig, Duration> DURATION = SettingBuilder.duration("load.duration")
            .flag("TIME", "-d", "--duration").help("How long to measure").byDefault(Duration.ofSeconds(10))
            .at(c -> c.duration, (c, v) -> c.duration = v);

    public static final Setting<LoadgenConfig, Long> RATE = SettingBuilder.whole("load.rate", 0, Long.MAX_VALUE,
                    n -> "cannot be negative")
            .flag("N", "-R", "--rate").help("Requests per second in all; 0: as fast as possible").byDefault(0L)
            .at(c -> c.rate, (c, v) -> c.rate = v);

    public static final Setting<LoadgenConfig, String> PROFILE = SettingBuilder.text("load.profile", RateProfile::parse)
            .flag("TIME:RATE,...", "--profile")
            .help("Requests per second following a schedule instead of -R: points TIME:RATE from the start of the "
                    + "measured run, straight lines between them, the last rate held; e.g. 0:10k,30s:100k,60s:100k "
                    + "ramps from 10,000 to 100,000 over 30 s then holds (a step: two points at one time). Latency is "
                    + "measured from each request's intended time, as with -R")
            .at(c -> c.profile, (c, v) -> c.profile = v);

    public static final Setting<LoadgenConfig, Long> CONNECT_RATE = SettingBuilder.whole("load.connect_rate", 0,
                    Long.MAX_VALUE, n -> "cannot be negative (0: all connections at once)")
            .flag("N", "--connect-rate")
            .help("Open the connections (-c) at N per second rather than all at once; at a fixed rate or along a "
                    + "profile, a connection's share of the requests begins when it arrives. 0: all at once")
            .byDefault(0L).at(c -> c.connectRate, (c, v) -> c.connectRate = v);

    public static final Setting<LoadgenConfig, Integer> PIPELINE = SettingBuilder.integer("load.pipeline", 1, 256)
            .flag("N", "--pipeline").help("Requests in flight per connection").byDefault(1)
            .at(c -> c.pipeline, (c, v) -> c.pipeline = v);

    public static final Setting<LoadgenConfig, Boolean> CONNECTION_PER_REQUEST = SettingBuilder
            .bool("load.connection_per_request")
            .flag(null, "--connection-per-request")
            .help("Open a new connection for every request (Connection: close)").byDefault(false)
            .at(c -> c.connectionPerRequest, (c, v) -> c.connectionPerRequest = v);

    public static final Setting<LoadgenConfig, Duration> WARMUP = SettingBuilder.duration("load.warmup")
            .flag("TIME", "--warmup").help("Load sent before measuring starts").byDefault(Duration.ZERO)
            .at(c -> c.warmup, (c, v) -> c.warmup = v);

    public static final Setting<LoadgenConfig, Duration> TIMEOUT = SettingBuilder.duration("load.timeout")
            .flag("TIME", "--timeout").help("A response slower than this is an error").byDefault(Duration.ofSeconds(5))
            .at(c -> c.timeout, (c, v) -> c.timeout = v);

    public static final Setting<LoadgenConfig, Duration> CONNECT_TIMEOUT = SettingBuilder.duration(
                    "load.connect_timeout")
            .flag("TIME", "--connect-timeout").help("Handshake time limit").byDefault(Duration.ofSeconds(3))
            .at(c -> c.connectTimeout, (c, v) -> c.connectTimeout = v);

    /** The former key of {@code metrics.address} ({@link EngineSettings#METRICS}), still read; never written back. */
    public static final Setting<LoadgenConfig, String> METRICS = SettingBuilder.text("stats.metrics",
                    MetricsAddress::parse)
            .help("The former key of metrics.address")
            .at(c -> null, (c, v) -> {
                if (c.engine.metricsAddress != null) {
                    throw new IllegalArgumentException("the former key of metrics.address: give one");
                }
                c.engine.metricsAddress = v;
            });

    public static final Setting<LoadgenConfig, String> TLS_SERVER_NAME = SettingBuilder.text("tls.server_name",
                    LoadgenSettings::serverName)
            .flag("NAME", "--server-name")
            .help("For https:// targets: the server's name, sent in SNI, checked against its certificate and sent as "
                    + "the Host header (the URL's host is an address: no DNS here). Default: no SNI, and the "
                    + "certificate must name the URL's IP address")
            .at(c -> c.tlsServerName, (c, v) -> c.tlsServerName = v);

    public static final Setting<LoadgenConfig, List<String>> TLS_TARGET_NAMES = SettingBuilder.strings(
                    "tls.target_names")
            .flag("ADDRESS[:PORT]=NAME", "--target-name")
            .help("For https:// targets that are different servers: this target's own name (repeatable, one per "
                    + "target), sent in SNI, checked against its certificate and sent as its Host header, in place "
                    + "of --server-name; without :PORT every target at the address. Default: --server-name for "
                    + "every target, or else each target's certificate must name its own URL's IP address")
            .check(entries -> entries.forEach(TargetServerName::parse))
            .at(c -> c.tlsTargetNames, (c, v) -> c.tlsTargetNames = v);

    public static final Setting<LoadgenConfig, String> TLS_CACERT = SettingBuilder.text("tls.cacert", text -> {
                if (text.isBlank()) {
                    throw new IllegalArgumentException("name a file");
                }
                return text;
            })
            .flag("FILE", "--cacert")
            .help("For https:// targets: verify the server's certificate against the PEM certificates in FILE "
                    + "rather than the system's store")
            .fromFile((raw, file) -> file.resolveSibling((String) raw).normalize().toString())
            .at(c -> c.tlsCacert, (c, v) -> c.tlsCacert = v);

    public static final Setting<LoadgenConfig, Boolean> TLS_INSECURE = SettingBuilder.bool("tls.insecure")
            .flag(null, "-k", "--insecure")
            .help("For https:// targets: accept the server's certificate unverified").byDefault(false)
            .at(c -> c.tlsInsecure, (c, v) -> c.tlsInsecure = v);

    public static final Setting<LoadgenConfig, Boolean> TLS_RESUME = SettingBuilder.bool("tls.resume")
            .flag(null, "--tls-resume")
            .help("For https:// targets: each connection resumes the TLS session of its lane's previous one (a "
                    + "TLS 1.3 ticket or a TLS 1.2 session), sessions kept per lane on each core; off: every "
                    + "handshake is a full one").byDefault(false)
            .at(c -> c.tlsResume, (c, v) -> c.tlsResume = v);

    public static final Setting<LoadgenConfig, List<String>> TLS_VERSIONS = SettingBuilder.strings("tls.versions")
            .flag("VERSIONS", "--tls-versions")
            .help("For https:// targets: the protocol versions offered, TLSv1.3 and TLSv1.2 (comma-separated or "
                    + "repeated); nothing older is").check(TlsSettings::versionRange)
            .fromFlag(texts -> texts.stream().flatMap(text -> java.util.Arrays.stream(text.split(",")))
                    .map(String::strip).filter(name -> !name.isEmpty()).toList(), true)
            .byDefault(List.of("TLSv1.3", "TLSv1.2"))
            .at(c -> c.tlsVersions, (c, v) -> c.tlsVersions = List.copyOf(v));

    /** The settings of {@code loadgen} alone, in the order the help and {@code check-config} give them. */
    public static final List<Setting<LoadgenConfig, ?>> OWN = List.of(URL, URLS, SOURCES, CONNECTIONS, DURATION, RATE,
            PROFILE, CONNECT_RATE, PIPELINE, CONNECTION_PER_REQUEST, WARMUP, TIMEOUT, CONNECT_TIMEOUT, METRICS,
            TLS_SERVER_NAME, TLS_TARGET_NAMES, TLS_CACERT, TLS_INSECURE, TLS_RESUME, TLS_VERSIONS);

    /** The rules across {@code loadgen}'s own settings, checked on the values it ends with (and by check-config). */
    public static final List<SettingRule<LoadgenConfig>> RULES = List.of(SettingRule.exclusive(PROFILE, RATE));

    /** The rules {@code loadgen} adds across the shared settings: its endpoint serves the published counters. */
    public static final List<SettingRule<RunConfig>> ENGINE_RULES = List.of(SettingRule.of(
            "the metrics endpoint serves the published counters: give the counters file too",
            c -> c.metricsAddress != null && MetricsAddress.parse(c.metricsAddress) != null && c.statsFile == null,
            EngineSettings.METRICS, EngineSettings.STATS_FILE));

    /** Every setting of {@code loadgen}: the shared ones, held in its engine's part, and its own. */
    public static final List<Setting<LoadgenConfig, ?>> ALL = all();

    private LoadgenSettings() {
    }

    /** A DNS name as SNI carries it: letters, digits, hyphens and dots, not an address. */
    static String serverName(String name) {
        if (name.isEmpty() || name.length() > 253 || !name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
                || name.matches("[0-9.]+")) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name (SNI carries names, not addresses)");
        }
        return name;
    }

    private static List<Setting<LoadgenConfig, ?>> all() {
        List<Setting<LoadgenConfig, ?>> all = new ArrayList<>();
        for (Setting<RunConfig, ?> shared : EngineSettings.ALL) {
            all.add(shared.within(c -> c.engine));
        }
        all.addAll(OWN);
        return List.copyOf(all);
    }
}
