package dev.lightpath.control.metrics;

import dev.lightpath.metrics.CounterKind;
import dev.lightpath.metrics.CounterSample;
import dev.lightpath.metrics.CountersSnapshot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code appliance stat} prints for one snapshot: per core and summed, with the rate per second since
 * the previous snapshot for counters, grouped by the names' dotted prefix ({@code net.drop}, {@code
 * tcp.connections}, ...); as a table for people or as one JSON object per line for programs.
 */
public final class StatReport {
    private static final int NAME_WIDTH = 30;
    private static final int VALUE_WIDTH = 16;

    private StatReport() {
    }

    /**
     * @param previous the snapshot before, for rates; null for none (the first report)
     * @param nowMillis wall-clock time, to say how old the heartbeat is
     * @param all       also rows that are zero on every core
     */
    public static String text(CountersSnapshot snapshot, CountersSnapshot previous, long nowMillis, boolean all) {
        List<Integer> cores = snapshot.cores();
        double seconds = elapsedSeconds(snapshot, previous);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "lightpath pid %d, up %s, heartbeat %d ms ago, at %s%n", snapshot.pid(),
                uptime(nowMillis - snapshot.startTimeMillis()), nowMillis - snapshot.heartbeatMillis(),
                Instant.ofEpochMilli(nowMillis).truncatedTo(ChronoUnit.SECONDS)));
        out.append(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s", ""));
        for (int core : cores) {
            out.append(String.format(Locale.ROOT, "%" + VALUE_WIDTH + "s", "core " + core));
        }
        out.append(String.format(Locale.ROOT, "%" + VALUE_WIDTH + "s%" + VALUE_WIDTH + "s%n", "total", "per s"));
        for (Map.Entry<String, Map<String, List<CounterSample>>> group : groups(snapshot).entrySet()) {
            StringBuilder rows = new StringBuilder();
            for (Map.Entry<String, List<CounterSample>> counter : group.getValue().entrySet()) {
                List<CounterSample> samples = counter.getValue();
                long total = 0;
                boolean nonZero = false;
                for (CounterSample sample : samples) {
                    total += sample.value();
                    nonZero |= sample.value() != 0;
                }
                if (!all && !nonZero) {
                    continue;
                }
                String leaf = counter.getKey().substring(group.getKey().length()).replaceFirst("^\\.", "");
                rows.append(String.format(Locale.ROOT, "  %-" + (NAME_WIDTH - 2) + "s", leaf));
                for (int core : cores) {
                    CounterSample sample = find(samples, core);
                    rows.append(String.format(Locale.ROOT, "%" + VALUE_WIDTH + "s",
                            sample == null ? "-" : String.format(Locale.ROOT, "%,d", sample.value())));
                }
                rows.append(String.format(Locale.ROOT, "%," + VALUE_WIDTH + "d", total));
                Double rate = rate(counter.getKey(), samples, previous, seconds);
                rows.append(String.format(Locale.ROOT, "%" + VALUE_WIDTH + "s%n",
                        rate == null ? "" : String.format(Locale.ROOT, "%,.1f", rate)));
            }
            if (!rows.isEmpty()) {
                out.append(group.getKey().isEmpty() ? "(other)" : group.getKey()).append('\n').append(rows);
            }
        }
        return out.toString();
    }

    /** One JSON object (one line) with every counter, zero or not. */
    public static String json(CountersSnapshot snapshot, CountersSnapshot previous, long nowMillis) {
        double seconds = elapsedSeconds(snapshot, previous);
        StringBuilder out = new StringBuilder();
        out.append("{\"pid\":").append(snapshot.pid())
                .append(",\"startTimeMillis\":").append(snapshot.startTimeMillis())
                .append(",\"heartbeatMillis\":").append(snapshot.heartbeatMillis())
                .append(",\"timeMillis\":").append(nowMillis)
                .append(",\"intervalSeconds\":").append(previous == null ? "null" : number(seconds))
                .append(",\"cores\":").append(snapshot.cores().toString().replace(" ", ""))
                .append(",\"counters\":[");
        boolean first = true;
        for (Map.Entry<String, Map<String, List<CounterSample>>> group : groups(snapshot).entrySet()) {
            for (Map.Entry<String, List<CounterSample>> counter : group.getValue().entrySet()) {
                List<CounterSample> samples = counter.getValue();
                out.append(first ? "" : ",");
                first = false;
                out.append("{\"name\":").append(string(counter.getKey()))
                        .append(",\"group\":").append(string(group.getKey()))
                        .append(",\"kind\":").append(string(samples.get(0).kind().name().toLowerCase(Locale.ROOT)))
                        .append(",\"cores\":{");
                long total = 0;
                for (int i = 0; i < samples.size(); i++) {
                    CounterSample sample = samples.get(i);
                    out.append(i == 0 ? "" : ",").append('"').append(sample.core()).append("\":").append(sample.value());
                    total += sample.value();
                }
                Double rate = rate(counter.getKey(), samples, previous, seconds);
                out.append("},\"total\":").append(total)
                        .append(",\"ratePerSecond\":").append(rate == null ? "null" : number(rate)).append('}');
            }
        }
        return out.append("]}").toString();
    }

    /** Counters by group (the name up to its last dot), then by name, both in the appliance's layout order. */
    static Map<String, Map<String, List<CounterSample>>> groups(CountersSnapshot snapshot) {
        Map<String, Map<String, List<CounterSample>>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, List<CounterSample>> counter : snapshot.byName().entrySet()) {
            String name = counter.getKey();
            int dot = name.lastIndexOf('.');
            groups.computeIfAbsent(dot < 0 ? "" : name.substring(0, dot), g -> new LinkedHashMap<>())
                    .put(name, counter.getValue());
        }
        return groups;
    }

    /** The summed counter's growth per second since {@code previous}; null for gauges and first reports. */
    private static Double rate(String name, List<CounterSample> samples, CountersSnapshot previous, double seconds) {
        if (previous == null || seconds <= 0 || samples.get(0).kind() == CounterKind.GAUGE) {
            return null;
        }
        long now = 0;
        for (CounterSample sample : samples) {
            now += sample.value();
        }
        return (now - previous.total(name)) / seconds;
    }

    private static double elapsedSeconds(CountersSnapshot snapshot, CountersSnapshot previous) {
        return previous == null ? 0 : (snapshot.takenAtNanos() - previous.takenAtNanos()) / 1e9;
    }

    private static CounterSample find(List<CounterSample> samples, int core) {
        for (CounterSample sample : samples) {
            if (sample.core() == core) {
                return sample;
            }
        }
        return null;
    }

    private static String uptime(long millis) {
        long s = Math.max(0, millis / 1000);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }

    private static String string(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
