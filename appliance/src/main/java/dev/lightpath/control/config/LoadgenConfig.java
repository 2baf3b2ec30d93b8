package dev.lightpath.control.config;

import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.net.AddressPool;
import dev.lightpath.loadgen.RateProfile;

import java.nio.file.Path;
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

    /** The engine's settings ({@link EngineSettings}) from the file over their defaults, checked as {@code run} checks them. */
    public final RunConfig engine = new RunConfig();
    public String jitWarmup;
    public String url;
    /** Several targets, each "URL" or "URL@WEIGHT" (target.urls); not with {@link #url}. */
    public List<String> urls;
    /** The client address pool (client.addresses): CIDR blocks or single addresses. */
    public List<String> clientAddresses;
    public Integer connections;
    public String duration;
    public Long rate;
    public Integer pipeline;
    public Boolean connectionPerRequest;
    public String warmup;
    public String timeout;
    public String connectTimeout;
    public String statsFile;
    public String profile;
    public String metrics;
    public Long connectRate;
    public List<LoadRequest> requests = new ArrayList<>();

    private static Map<String, ConfigFile.Type> schema() {
        Map<String, ConfigFile.Type> keys = RunConfig.engineKeys();
        keys.put("target.url", ConfigFile.Type.STRING);
        keys.put("target.urls", ConfigFile.Type.STRING_LIST);
        keys.put("client.addresses", ConfigFile.Type.STRING_LIST);
        keys.put("load.connections", ConfigFile.Type.INTEGER);
        keys.put("load.duration", ConfigFile.Type.STRING);
        keys.put("load.rate", ConfigFile.Type.INTEGER);
        keys.put("load.pipeline", ConfigFile.Type.INTEGER);
        keys.put("load.connection_per_request", ConfigFile.Type.BOOLEAN);
        keys.put("load.warmup", ConfigFile.Type.STRING);
        keys.put("load.timeout", ConfigFile.Type.STRING);
        keys.put("load.connect_timeout", ConfigFile.Type.STRING);
        keys.put("load.profile", ConfigFile.Type.STRING);
        keys.put("stats.metrics", ConfigFile.Type.STRING);
        keys.put("load.connect_rate", ConfigFile.Type.INTEGER);
        keys.put("stats.file", ConfigFile.Type.STRING);
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
        EngineSettings.load(config, engine);
        duration(config, "engine.jit_warmup").ifPresent(d -> jitWarmup = d);
        config.parsed("target.url", text -> {
            TargetUrl.parse(text);
            return text;
        }).ifPresent(u -> url = u);
        config.strings("target.urls").ifPresent(list -> {
            if (url != null) {
                config.problem("target.urls", "give target.url or target.urls, not both");
            }
            if (list.isEmpty()) {
                config.problem("target.urls", "name at least one URL");
            }
            for (String each : list) {
                try {
                    TargetUrl.target(each, true);
                } catch (IllegalArgumentException e) {
                    config.problem("target.urls", e.getMessage());
                }
            }
            urls = list;
        });
        config.strings("client.addresses").ifPresent(list -> {
            try {
                if (AddressPool.parse(list).isEmpty()) {
                    config.problem("client.addresses", "name at least one address, or leave the key out");
                }
            } catch (IllegalArgumentException e) {
                config.problem("client.addresses", e.getMessage());
            }
            clientAddresses = list;
        });
        config.integer("load.connections").ifPresent(n -> {
            if (n < 1 || n > 1_000_000) {
                config.problem("load.connections", n + " is outside 1..1000000");
            }
            connections = (int) Math.max(1, Math.min(n, 1_000_000));
        });
        duration(config, "load.duration").ifPresent(d -> duration = d);
        config.integer("load.rate").ifPresent(n -> {
            if (n < 0) {
                config.problem("load.rate", "cannot be negative");
            }
            rate = n;
        });
        config.integer("load.pipeline").ifPresent(n -> {
            if (n < 1 || n > 256) {
                config.problem("load.pipeline", n + " is outside 1..256");
            }
            pipeline = (int) Math.max(1, Math.min(n, 256));
        });
        config.bool("load.connection_per_request").ifPresent(b -> connectionPerRequest = b);
        duration(config, "load.warmup").ifPresent(d -> warmup = d);
        duration(config, "load.timeout").ifPresent(d -> timeout = d);
        duration(config, "load.connect_timeout").ifPresent(d -> connectTimeout = d);
        config.parsed("stats.metrics", text -> {
            MetricsAddress.parse(text);
            return text;
        }).ifPresent(m -> metrics = m);
        config.parsed("load.profile", text -> {
            RateProfile.parse(text);
            return text;
        }).ifPresent(p -> profile = p);
        config.integer("load.connect_rate").ifPresent(n -> {
            if (n < 0) {
                config.problem("load.connect_rate", "cannot be negative (0: all connections at once)");
            }
            connectRate = n;
        });
        config.parsed("stats.file", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("name a file, or leave the key out to publish nothing");
            }
            return text;
        }).ifPresent(f -> statsFile = f);
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

    private static java.util.Optional<String> duration(ConfigFile config, String key) {
        return config.parsed(key, text -> {
            Durations.parse(text);
            return text;
        });
    }
}
