package dev.lightpath.control.config;

import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.loadgen.RateProfile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What {@code appliance loadgen} reads from its configuration file (see config/loadgen.toml): the port and
 * address to send from, the target, the load and the request mix. Flags win over the file.
 */
public final class LoadgenConfig {
    public static final Map<String, ConfigFile.Type> SCHEMA = schema();

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
    public long connectRate = LoadgenSettings.CONNECT_RATE.defaultValue();
    public List<LoadRequest> requests = new ArrayList<>();
    /** SNI and the name the certificate must carry (tls.server_name), or null. */
    public String tlsServerName;
    /** Names of single https:// targets, "ADDRESS[:PORT]=NAME" each (tls.target_names), or null. */
    public List<String> tlsTargetNames;
    /** PEM trust anchors (tls.cacert), or null for the system's store. */
    public String tlsCacert;
    public boolean tlsInsecure = LoadgenSettings.TLS_INSECURE.defaultValue();
    public boolean tlsResume = LoadgenSettings.TLS_RESUME.defaultValue();
    public List<String> tlsVersions = LoadgenSettings.TLS_VERSIONS.defaultValue();

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = Settings.schema(LoadgenSettings.ALL);
        keys.put(TableSettings.REQUESTS.key(), ConfigFile.Type.TABLE_LIST);
        keys.put(TableSettings.PHASES.key(), ConfigFile.Type.TABLE_LIST);
        return Collections.unmodifiableMap(keys);
    }

    public LoadgenConfig load(Path file) {
        ConfigFile config = ConfigFile.read(file, SCHEMA);
        Settings.load(config, file, this, LoadgenSettings.ALL);
        requests.addAll(TableSettings.REQUESTS.load(config, file));
        readPhases(config, file);
        config.check();
        return this;
    }

    private void readPhases(ConfigFile config, Path file) {
        // [[phase]] tables are the profile written point by point: the same points as load.profile's text.
        List<String> points = TableSettings.PHASES.load(config, file);
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

    /** The configuration as a file would say it, its request mix as {@code [[request]]} tables. */
    public String describe() {
        return Settings.describe(this, LoadgenSettings.ALL) + (requests.isEmpty()
                ? "\n# no request mix: the URL's path is asked with GET\n" : TableSettings.REQUESTS.describe(this));
    }
}
