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
    /** The targets as given, by either key ({@link #urls} or the one {@link #url}); empty when neither is. */
    public List<String> targetUrls() {
        return urls != null ? urls : url != null ? List.of(url) : List.of();
    }

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
    /** The profile written point by point as [[phase]] tables, each {@code TIME:RATE}; not with {@link #profile}. */
    public List<String> phases = List.of();
    /** The worker cores by their count (engine.threads), or null; not with the engine's cores. */
    public Integer threads;
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
        phases = TableSettings.PHASES.load(config, file);
        if (!phases.isEmpty()) {
            // Each phase is checked as a table; whether the points make a profile (in time order) only all of them say.
            try {
                RateProfile.parse(String.join(",", phases));
            } catch (IllegalArgumentException e) {
                config.problem("phase", e.getMessage());
            }
        }
        config.check();
        return this;
    }

    /** The rate profile's text, from load.profile or from the [[phase]] tables (rules keep them apart); or null. */
    public String profileText() {
        return profile != null ? profile : phases.isEmpty() ? null : String.join(",", phases);
    }

    /** The engine's settings as the run uses them: the shared ones, the cores counted by engine.threads where given. */
    public RunConfig engineSettings() {
        RunConfig run = new RunConfig();
        EngineSettings.copy(engine, run);
        if (threads != null) {
            run.cores = LoadgenSettings.coresOf(threads);
        }
        return run;
    }

    /** The configuration as a file would say it, its request mix as {@code [[request]]} tables. */
    public String describe() {
        return Settings.describe(this, LoadgenSettings.ALL) + (requests.isEmpty()
                ? "\n# no request mix: the URL's path is asked with GET\n" : TableSettings.REQUESTS.describe(this))
                + TableSettings.PHASES.describe(this);
    }
}
