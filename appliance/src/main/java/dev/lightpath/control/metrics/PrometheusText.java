package dev.lightpath.control.metrics;

import dev.lightpath.metrics.CounterKind;
import dev.lightpath.metrics.CounterSample;
import dev.lightpath.metrics.CountersSnapshot;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counters in Prometheus' text exposition format, version 0.0.4: per counter a HELP and a TYPE line, then
 * one sample per core labelled {@code core="N"}. A dotted name becomes {@code lightpath_} plus the name with
 * dots as underscores; counters end in {@code _total}. The appliance's start time and heartbeat come first,
 * as gauges in seconds since the epoch.
 */
public final class PrometheusText {
    /** The Content-Type the format is served with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String format(CountersSnapshot snapshot) {
        StringBuilder text = new StringBuilder(8192);
        text.append("# HELP lightpath_start_time_seconds When the appliance started, in seconds since the epoch.\n");
        text.append("# TYPE lightpath_start_time_seconds gauge\n");
        text.append("lightpath_start_time_seconds ").append(seconds(snapshot.startTimeMillis())).append('\n');
        text.append("# HELP lightpath_heartbeat_timestamp_seconds When a worker last published its counters, "
                + "in seconds since the epoch.\n");
        text.append("# TYPE lightpath_heartbeat_timestamp_seconds gauge\n");
        text.append("lightpath_heartbeat_timestamp_seconds ").append(seconds(snapshot.heartbeatMillis())).append('\n');
        for (Map.Entry<String, List<CounterSample>> counter : snapshot.byName().entrySet()) {
            List<CounterSample> samples = counter.getValue();
            boolean gauge = samples.get(0).kind() == CounterKind.GAUGE;
            String name = metricName(counter.getKey(), gauge);
            text.append("# HELP ").append(name).append(' ')
                    .append(gauge ? "Lightpath gauge " : "Lightpath counter ").append(helpEscaped(counter.getKey()))
                    .append(", per core.\n");
            text.append("# TYPE ").append(name).append(gauge ? " gauge\n" : " counter\n");
            for (CounterSample sample : samples) {
                text.append(name).append("{core=\"").append(sample.core()).append("\"} ").append(sample.value())
                        .append('\n');
            }
        }
        return text.toString();
    }

    /**
     * {@code net.rx.frames} as {@code lightpath_net_rx_frames_total}: any character a metric name may not hold
     * becomes an underscore.
     */
    public static String metricName(String dotted, boolean gauge) {
        StringBuilder name = new StringBuilder("lightpath_");
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            name.append(allowed ? c : '_');
        }
        if (!gauge && !dotted.endsWith("_total")) {
            name.append("_total");
        }
        return name.toString();
    }

    /** HELP text may hold anything but a raw backslash or line break. */
    private static String helpEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }
}
