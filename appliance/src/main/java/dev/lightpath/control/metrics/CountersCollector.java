package dev.lightpath.control.metrics;

import dev.lightpath.metrics.CounterKind;
import dev.lightpath.metrics.CounterSample;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.metrics.CountersSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shared counters as Prometheus metric families, read afresh at each scrape: per counter one family with a
 * sample per core labelled {@code core="N"}. A dotted name becomes {@code lightpath_} plus the name with every
 * character a metric name may not hold as an underscore ({@code net.rx.frames} is exposed as
 * {@code lightpath_net_rx_frames_total}). The appliance's start time and its workers' last heartbeat come
 * first, as gauges in seconds since the epoch. The Prometheus client writes them in whichever format the scraper
 * asks for (its text format, or OpenMetrics).
 */
public final class CountersCollector implements MultiCollector {
    private final Supplier<CountersSnapshot> snapshots;

    public CountersCollector(Supplier<CountersSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    public static CountersCollector of(CountersFileReader reader) {
        return new CountersCollector(() -> reader.snapshot());
    }

    @Override
    public MetricSnapshots collect() {
        return families(snapshots.get());
    }

    /** The families of one snapshot, in the order the appliance laid its counters out. */
    public static MetricSnapshots families(CountersSnapshot snapshot) {
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(secondsGauge("lightpath_start_time_seconds", "When the appliance started, in seconds since the epoch.",
                snapshot.startTimeMillis()));
        families.add(secondsGauge("lightpath_heartbeat_timestamp_seconds",
                "When a worker last published its counters, in seconds since the epoch.", snapshot.heartbeatMillis()));
        for (Map.Entry<String, List<CounterSample>> counter : snapshot.byName().entrySet()) {
            List<CounterSample> samples = counter.getValue();
            boolean gauge = samples.get(0).kind() == CounterKind.GAUGE;
            String name = baseName(counter.getKey());
            String help = (gauge ? "Lightpath gauge " : "Lightpath counter ") + counter.getKey() + ", per core.";
            if (gauge) {
                GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
                for (CounterSample sample : samples) {
                    family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(core(sample))
                            .value(sample.value()).build());
                }
                families.add(family.build());
            } else {
                CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
                for (CounterSample sample : samples) {
                    family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(core(sample))
                            .value(sample.value()).build());
                }
                families.add(family.build());
            }
        }
        return new MetricSnapshots(families);
    }

    /**
     * {@code net.rx.frames} as {@code lightpath_net_rx_frames}: the family's name, to which the writer adds
     * {@code _total} for a counter (so a counter already named {@code ..._total} does not get it twice).
     */
    public static String baseName(String dotted) {
        StringBuilder name = new StringBuilder("lightpath_");
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            name.append(allowed ? c : '_');
        }
        String full = name.toString();
        return full.endsWith("_total") ? full.substring(0, full.length() - "_total".length()) : full;
    }

    private static Labels core(CounterSample sample) {
        return Labels.of("core", Integer.toString(sample.core()));
    }

    private static GaugeSnapshot secondsGauge(String name, String help, long millis) {
        return GaugeSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(millis / 1000.0).build()).build();
    }
}
