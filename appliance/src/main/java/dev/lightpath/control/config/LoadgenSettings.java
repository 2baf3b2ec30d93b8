package dev.lightpath.control.config;

import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.loadgen.RateProfile;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.wire.Ipv4Address;

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
    /** The most cores {@code engine.threads} may count: a bound on the list it makes, far above any machine here. */
    private static final int MOST_THREADS = 1024;

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
            }).at(c -> c.urls, (c, v) -> c.urls = v);

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
                // Both parsed whatever the first holds: a bad IPv6 block beside good IPv4 ones is still refused.
                boolean noIpv4 = AddressPool.parse(addresses).isEmpty();
                if (Ipv6AddressPool.parse(addresses).isEmpty() && noIpv4) {
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

    /**
     * The worker cores by their count: cores 0 to N-1, in place of naming them ({@code engine.cores}, which it
     * excludes); held apart, and made the engine's cores by {@link LoadgenConfig#engineSettings()}.
     */
    public static final Setting<LoadgenConfig, Integer> THREADS = SettingBuilder.integer("engine.threads", 1,
                    MOST_THREADS)
            .flag("N", "-t", "--threads").help("Worker cores 0..N-1, in place of naming them with engine.cores")
            .check(n -> {
                if (n < 1 || n > MOST_THREADS) {
                    throw new IllegalArgumentException(n + " is outside 1.." + MOST_THREADS);
                }
                CoreList.parse(coresOf(n));
            })
            .at(c -> c.threads, (c, v) -> c.threads = v);

    /** The [[phase]] tables as one value, for the rules that bind them: given when the file has any. */
    public static final Setting<LoadgenConfig, List<String>> PHASES = TableSettings.PHASES.asOne(
            (c, v) -> c.phases = v);

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
            PROFILE, CONNECT_RATE, PIPELINE, CONNECTION_PER_REQUEST, WARMUP, TIMEOUT, CONNECT_TIMEOUT, THREADS,
            METRICS, TLS_SERVER_NAME, TLS_TARGET_NAMES, TLS_CACERT, TLS_INSECURE, TLS_RESUME, TLS_VERSIONS);

    /**
     * The rules across {@code loadgen}'s settings, checked on the values it ends with (and by check-config): one
     * target key or the other, the cores by count or by name, and one way of giving the rate (a fixed rate, a
     * profile or its [[phase]] tables); a flag for one replaces what the file gave for the other.
     */
    public static final List<SettingRule<LoadgenConfig>> RULES = List.of(SettingRule.exclusive(URL, URLS),
            SettingRule.exclusive(THREADS, EngineSettings.CORES.within(c -> c.engine)),
            SettingRule.exclusive(PROFILE, RATE),
            new SettingRule<>(List.of(PROFILE, PHASES), "give the profile either as load.profile or as [[phase]] "
                    + "tables, not both", c -> SettingRule.given(PROFILE, c) && SettingRule.given(PHASES, c), true),
            SettingRule.exclusive(PHASES, RATE));

    /** The rules {@code loadgen} adds across the shared settings: its endpoint serves the published counters. */
    public static final List<SettingRule<RunConfig>> ENGINE_RULES = List.of(SettingRule.of(
            "the metrics endpoint serves the published counters: give the counters file too",
            c -> c.metricsAddress != null && MetricsAddress.parse(c.metricsAddress) != null && c.statsFile == null,
            EngineSettings.METRICS, EngineSettings.STATS_FILE));

    /** This side's IPv6 address as the load generator's file holds it. */
    private static final Setting<LoadgenConfig, String> ADDRESS6 = EngineSettings.ADDRESS6.within(c -> c.engine);

    /**
     * The rules between the targets and client addresses and this side's addresses, on the load generator's own
     * values ({@code file}) and the engine's they end with ({@code engine}: the file's with the shared flags over
     * it). Without an IPv6 address of its own the network layer has no IPv6 at all: IPv6 targets would wait for an
     * address that never comes, and IPv6 client addresses would go unanswered on the link.
     */
    public static void checkFamilies(LoadgenConfig file, RunConfig engine) {
        SettingRule.checkAll(file, List.of(
                SettingRule.of("an IPv6 target is reached from an IPv6 address of this side's: give one",
                        c -> engine.address6 == null && anyIpv6Target(c), URL, URLS, ADDRESS6),
                SettingRule.of("IPv6 client addresses are held beside an IPv6 address of this side's: give one",
                        c -> engine.address6 == null && anyIpv6Source(c), SOURCES, ADDRESS6)));
    }

    /** This side's IPv4 address as the load generator's file holds it. */
    private static final Setting<LoadgenConfig, String> ADDRESS = EngineSettings.ADDRESS.within(c -> c.engine);

    /**
     * The rules between the targets and client addresses and this side's IPv4 subnet, on the same values as
     * {@link #checkFamilies}: a target or client address on the subnet is not its network or broadcast address,
     * which no single node holds (the address's own check cannot tell, not knowing the prefix).
     */
    public static void checkSubnetEdges(LoadgenConfig file, RunConfig engine) {
        int[] subnet;
        try {
            subnet = engine.address == null ? null : RunConfig.parseAddress(engine.address);
        } catch (IllegalArgumentException e) {
            return; // reported by the key's own check
        }
        if (subnet == null) {
            return;
        }
        String target = subnetEdgeTarget(file, subnet);
        String client = subnetEdgeClient(file, subnet);
        SettingRule.checkAll(file, List.of(
                SettingRule.of("target " + target + ": a target is a single server", c -> target != null, URL, URLS,
                        ADDRESS),
                SettingRule.of("client address " + client + ": no client address can be", c -> client != null,
                        SOURCES, ADDRESS)));
    }

    /** The first IPv4 target that is its subnet's network or broadcast address, said with why; or null. */
    private static String subnetEdgeTarget(LoadgenConfig c, int[] subnet) {
        for (String text : c.targetUrls()) {
            try {
                LoadTarget target = TargetUrl.target(text, false);
                String why = target.ipv6() ? null : edge(target.address(), subnet);
                if (why != null) {
                    return why;
                }
            } catch (IllegalArgumentException e) {
                // Reported by the key's own check.
            }
        }
        return null;
    }

    private static String subnetEdgeClient(LoadgenConfig c, int[] subnet) {
        if (c.clientAddresses == null || subnet[1] >= 31) {
            return null;
        }
        AddressPool pool;
        try {
            pool = AddressPool.parse(c.clientAddresses);
        } catch (IllegalArgumentException e) {
            return null; // reported by the key's own check
        }
        int mask = Ipv4Address.mask(subnet[1]);
        for (int edge : new int[] {subnet[0] & mask, subnet[0] | ~mask}) {
            if (pool.contains(edge)) {
                return edge(edge, subnet);
            }
        }
        return null;
    }

    /** "ADDRESS is why" for an address on the subnet that no node of it holds; null otherwise. */
    private static String edge(int address, int[] subnet) {
        if (!Ipv4Address.sameSubnet(address, subnet[0], subnet[1])) {
            return null;
        }
        String why = Ipv4Address.whySubnetReserves(address, subnet[1]);
        return why == null ? null : Ipv4Address.format(address) + " is " + why;
    }

    private static boolean anyIpv6Target(LoadgenConfig c) {
        for (String target : c.targetUrls()) {
            try {
                if (TargetUrl.target(target, false).ipv6()) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // Reported by the key's own check.
            }
        }
        return false;
    }

    private static boolean anyIpv6Source(LoadgenConfig c) {
        try {
            return c.clientAddresses != null && !Ipv6AddressPool.parse(c.clientAddresses).isEmpty();
        } catch (IllegalArgumentException e) {
            return false; // reported by the key's own check
        }
    }

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

    /** The cores {@code engine.threads} names: 0 to {@code threads - 1}. */
    static String coresOf(int threads) {
        return threads == 1 ? "0" : "0-" + (threads - 1);
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
