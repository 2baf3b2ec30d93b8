package dev.lightpath.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Each core's time counters from {@code /proc/stat} at one moment: the jiffies it spent busy (user, nice, system,
 * irq, softirq, steal) and in all (adding idle and I/O wait). Two readings give a core's busy fraction between
 * them. Guest time is already counted in user time, so it is left out of both.
 */
record CoreTimes(long[] busy, long[] total) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    static CoreTimes read() {
        try {
            return parse(Files.readString(PROC_STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_STAT, e);
        }
    }

    /** The per-core lines ({@code cpuN user nice system idle iowait irq softirq steal ...}) of /proc/stat. */
    static CoreTimes parse(String procStat) {
        long[] busy = new long[0];
        long[] total = new long[0];
        for (String line : procStat.split("\n")) {
            if (!line.startsWith("cpu") || line.length() < 4 || !Character.isDigit(line.charAt(3))) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int core = Integer.parseInt(f[0].substring(3));
            if (f.length < 5) {
                throw new IllegalArgumentException("a /proc/stat core line with too few fields: " + line);
            }
            long[] v = new long[8];
            for (int i = 0; i < v.length && i + 1 < f.length; i++) {
                v[i] = Long.parseLong(f[i + 1]);
            }
            if (core >= busy.length) {
                busy = Arrays.copyOf(busy, core + 1);
                total = Arrays.copyOf(total, core + 1);
            }
            long idle = v[3] + v[4];
            busy[core] = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
            total[core] = busy[core] + idle;
        }
        if (busy.length == 0) {
            throw new IllegalArgumentException("no cpuN lines in /proc/stat");
        }
        return new CoreTimes(busy, total);
    }

    /** The share of {@code core}'s time spent busy from this reading to {@code later}, 0 to 1. */
    double busyFraction(CoreTimes later, int core) {
        if (core >= busy.length || core >= later.busy.length) {
            throw new IllegalArgumentException("no core " + core + " in /proc/stat");
        }
        long elapsed = later.total[core] - total[core];
        if (elapsed <= 0) {
            return 0;
        }
        double fraction = (later.busy[core] - busy[core]) / (double) elapsed;
        return Math.max(0, Math.min(1, fraction));
    }
}
