package dev.lightpath.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much of its core this machine takes from a thread that does nothing but read the clock, as jHiccup and
 * cyclictest measure it: every gap between two consecutive reads longer than {@link #GAP_NANOS} is time the thread
 * was held off its core (by the kernel's own threads, by interrupts, or by a hypervisor that descheduled the
 * virtual CPU), counted, summed and the longest kept.
 *
 * <p>Why the suite runs it: a poller that spins, a load generator's worker, a server's, loses those gaps too, and
 * every request in flight during one waits it out. At offered rates far below a system's knee they are what its
 * p99 and p99.9 measure. Run on the suite's two cores at once, before anything else starts, the probe gives that
 * floor for the machine the figures come from. It runs interpreted in a JVM of its own ({@code -Xint}), so no JIT
 * thread of its own competes with it for the core it measures.
 */
public final class GapProbe {
    /** A gap counted: far above a clock read's own cost, the engine's own threshold for a stalled duty cycle. */
    static final long GAP_NANOS = 200_000;
    private static final long MILLISECOND = 1_000_000;
    /** /proc/stat counts in USER_HZ ticks, 100 a second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000;

    /** What one core's probe found: its gaps over 0.2 ms, those over 1 ms, their sum and the longest. */
    record Result(int core, double seconds, long gaps, long gapsOverOneMillisecond, long lostNanos,
                  long longestNanos, long stealNanos) {
        double lostShare() {
            return lostNanos / (seconds * 1e9);
        }

        String describe() {
            String steal = stealNanos < 0 ? "the kernel reports no steal time"
                    : String.format(Locale.ROOT, "the hypervisor's steal time over the same seconds: %,d ms",
                    stealNanos / MILLISECOND);
            return String.format(Locale.ROOT, "core %d lost %.2f%% of %.0f s in %,d gaps over 1 ms (%,d over 0.2 ms), "
                            + "the longest %.2f ms; %s", core, 100 * lostShare(), seconds, gapsOverOneMillisecond,
                    gaps, longestNanos / 1e6, steal);
        }
    }

    private GapProbe() {
    }

    /** Spins for {@code args[0]} seconds, then prints one line: gaps, gaps over 1 ms, lost ns, longest ns. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: GapProbe SECONDS");
            System.exit(2);
        }
        long duration = Long.parseLong(args[0]) * 1_000_000_000L;
        long start = System.nanoTime();
        long end = start + duration;
        long last = start;
        long gaps = 0;
        long overOneMillisecond = 0;
        long lost = 0;
        long longest = 0;
        while (last - end < 0) {
            long now = System.nanoTime();
            long gap = now - last;
            if (gap > GAP_NANOS) {
                gaps++;
                lost += gap;
                if (gap > MILLISECOND) {
                    overOneMillisecond++;
                }
                longest = Math.max(longest, gap);
            }
            last = now;
        }
        System.out.println("gaps " + gaps + " " + overOneMillisecond + " " + lost + " " + longest);
    }

    /** The probe's line, for {@code core} over {@code seconds}, with the steal time read around it. */
    static Result parse(int core, double seconds, String line, long stealNanos) {
        String[] f = line.trim().split(" ");
        if (f.length != 5 || !f[0].equals("gaps")) {
            throw new IllegalArgumentException("not a gap probe's line: '" + line + "'");
        }
        return new Result(core, seconds, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), stealNanos);
    }

    /** Each core's steal time so far, from a /proc/stat text, in ns; -1 where the line or the field is missing. */
    static long stealNanos(String procStat, int core) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu" + core)) {
                return f.length > 8 ? Long.parseLong(f[8]) * NANOS_PER_TICK : -1;
            }
        }
        return -1;
    }

    /** Runs the probe on each of {@code cores} at once for {@code duration}, each pinned to its core. */
    static List<Result> measure(Programs programs, List<Integer> cores, Duration duration)
            throws IOException, InterruptedException {
        Path stat = Path.of("/proc/stat");
        String before = Files.readString(stat);
        List<Process> probes = new ArrayList<>();
        for (int core : cores) {
            probes.add(new ProcessBuilder("taskset", "-c", Integer.toString(core), programs.java, "-Xint",
                    "-cp", programs.classPath, GapProbe.class.getName(), Long.toString(duration.toSeconds()))
                    .redirectErrorStream(true).start());
        }
        List<String> lines = new ArrayList<>();
        for (Process probe : probes) {
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (probe.waitFor() != 0) {
                throw new IOException("the gap probe failed: " + out);
            }
            lines.add(out.lines().reduce((a, b) -> b).orElse(""));
        }
        String after = Files.readString(stat);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < cores.size(); i++) {
            int core = cores.get(i);
            long stealBefore = stealNanos(before, core);
            long stealAfter = stealNanos(after, core);
            long steal = stealBefore < 0 || stealAfter < 0 ? -1 : stealAfter - stealBefore;
            results.add(parse(core, duration.toSeconds(), lines.get(i), steal));
        }
        return results;
    }
}
