package dev.lightpath.control.config;

import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.loadgen.RateProfile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code appliance loadgen} reads from its configuration file (see config/loadgen.toml): the port and
 * address to send from, the target, the load and the request mix. Flags win over the file.
 */
public final class LoadgenConfig {
    public static final Map<String, ConfigFile.Type> SCHEMA = schema();
    public static final Map<String, ConfigFile.Type> REQUEST_SCHEMA = requestSchema();
    public static final Map<String, ConfigFile.Type> PHASE_SCHEMA = Map.of("at", ConfigFile.Type.STRING,
            "rate", ConfigFile.Type.INTEGER);

    /** The shared settings ({@link EngineSettings}) from the file over their defaults, checked as {@code run} checks them. */
    public final RunConfig engine = new RunConfig();
    public String url;
    /** Several targets, each "URL" or "URL@WEIGHT" (target.urls); not with {@link #url}. */
    public List<String> urls;
    /** The client address pool (client.addresses): CIDR blocks or single addresses. */
    public List<String> clientAddresses;
    public int connections = LoadgenSettings.CONNECTIONS.defaultValue();
    public Duration duration = LoadgenSettings.DURATION.defaultValue();
    public long rate = LoadgenSettings.RATE.defaultValue();
    public int pipeline = LoadgenSettings.PIPELINE.defaultValue();
    public boolean connectionPerRequest = LoadgenSettings.CONNECTION_PER_REQUEST.defaultValue();
    public Duration warmup = LoadgenSettings.WARMUP.defaultValue();
    public Duration timeout = LoadgenSettings.TIMEOUT.defaultValue();
    public Duration connectTimeout = LoadgenSettings.CONNECT_TIMEOUT.defaultValue();
    public String profile;
    public String metrics;
    public long connectRate = LoadgenSettings.CONNECT_RATE.defaultValue();
    public List<LoadRequest> requests = new ArrayList<>();
    /** SNI and the name the certificate must carry (tls.server_name), or null. */
    public String tlsServerName;
    /** PEM trust anchors (tls.cacert), or null for the system's store. */
    public String tlsCacert;
    public boolean tlsInsecure = LoadgenSettings.TLS_INSECURE.defaultValue();
    public boolean tlsResume = LoadgenSettings.TLS_RESUME.defaultValue();
    public List<String> tlsVersions = LoadgenSettings.TLS_VERSIONS.defaultValue();

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = Settings.schema(LoadgenSettings.ALL);
        keys.put("request", ConfigFile.Type.TABLE_LIST);
        keys.put("phase", ConfigFile.Type.TABLE_LIST);
        return Collections.unmodifiableMap(keys);
    }

    private static Map<String, ConfigFile.Type> requestSchema() {
        Map<String, ConfigFile.Type> keys = new LinkedHashMap<>();
        keys.put("method", ConfigFile.Type.STRING);
        keys.put("path", ConfigFile.Type.STRING);
        keys.put("headers", ConfigFile.Type.STRING_LIST);
        keys.put("body", ConfigFile.Type.STRING);
        keys.put("weight", ConfigFile.Type.INTEGER);
        return Collections.unmodifiableMap(keys);
    }

    public LoadgenConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file, SCHEMA);
        Settings.load(config, file, this, LoadgenSettings.ALL);
        readRequests(config);
        readPhases(config);
        config.check();
        return this;
    }

    /** The {@code [[request]]} tables: the mix of requests, each with its weight. */
    private void readRequests(ConfigFile config) {
        for (ConfigFile.Table table : config.tables("request", REQUEST_SCHEMA)) {
            try {
                Long weight = table.integer("weight");
                requests.add(new LoadRequest(table.string("method") == null ? "GET" : table.string("method"),
                        table.string("path") == null ? "/" : table.string("path"), table.strings("headers"),
                        table.string("body"), weight == null ? 1 : (int) Math.min(weight, 1_000_000)));
            } catch (IllegalArgumentException e) {
                table.problem(e.getMessage());
            }
        }
    }

    private void readPhases(ConfigFile config) {
        // [[phase]] tables are the profile written point by point: the same points as load.profile's text.
        List<String> points = new ArrayList<>();
        for (ConfigFile.Table table : config.tables("phase", PHASE_SCHEMA)) {
            String at = table.string("at");
            Long perSecond = table.integer("rate");
            if (at == null || perSecond == null) {
                table.problem("a phase has an 'at' time and a 'rate'");
            } else if (perSecond < 0) {
                table.problem("rate", "cannot be negative");
            } else {
                points.add(at.strip() + ":" + perSecond);
            }
        }
        if (!points.isEmpty()) {
            if (profile != null) {
                config.problem("load.profile", "give the profile either here or as [[phase]] tables, not both");
            }
            try {
                RateProfile.parse(String.join(",", points));
                profile = String.join(",", points);
            } catch (IllegalArgumentException e) {
                config.problem("phase", e.getMessage());
            }
        }
    }

    /** The configuration as a file would say it, the request mix summed up. */
    public String describe() {
        return Settings.describe(this, LoadgenSettings.ALL) + "\n# " + requests.size() + " request(s) in the mix"
                + (requests.isEmpty() ? " (the URL's path is asked with GET)" : "") + "\n";
    }
}
