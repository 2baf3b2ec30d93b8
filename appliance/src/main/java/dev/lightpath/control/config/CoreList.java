package dev.lightpath.control.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** CPU lists as Linux and DPDK write them: {@code 1}, {@code 0-3}, {@code 0,2,4-5}. */
public final class CoreList {
    private static final Path STATUS = Path.of("/proc/self/status");

    private CoreList() {
    }

    /**
     * Parses and checks that this process may run on each CPU (its affinity mask, as {@code taskset} or a cgroup set
     * it, not merely the machine's CPU count); throws {@link IllegalArgumentException} otherwise.
     */
    public static List<Integer> parse(String text) {
        return parse(text, allowedCores());
    }

    /** As {@link #parse(String)}, against the given set of CPUs this process may run on. */
    static List<Integer> parse(String text, TreeSet<Integer> allowed) {
        TreeSet<Integer> cores = cores(text);
        for (int core : cores) {
            if (!allowed.contains(core)) {
                throw new IllegalArgumentException("core " + core + " is not one this process may run on: its CPU "
                        + "affinity allows " + write(allowed) + " (see taskset, or the cgroup's cpuset)");
            }
        }
        return new ArrayList<>(cores);
    }

    /**
     * The CPUs this process may run on ({@code sched_getaffinity}, which the kernel reports in /proc/self/status as
     * Cpus_allowed_list); every CPU the JVM sees when that cannot be read.
     */
    static TreeSet<Integer> allowedCores() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return cores(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not Linux, or a format this does not know: fall back to the count below.
        }
        TreeSet<Integer> all = new TreeSet<>();
        for (int core = 0; core < Runtime.getRuntime().availableProcessors(); core++) {
            all.add(core);
        }
        return all;
    }

    /** The CPUs a list names, unchecked. */
    static TreeSet<Integer> cores(String text) {
        TreeSet<Integer> cores = new TreeSet<>();
        for (String part : text.trim().split(",")) {
            String[] range = part.trim().split("-", -1);
            if (range.length > 2 || range[0].isEmpty()) {
                throw new IllegalArgumentException("'" + text.trim() + "' is not a core list (e.g. 1, 0-3, 0,2)");
            }
            int first = number(range[0], text);
            int last = range.length == 2 ? number(range[1], text) : first;
            if (last < first) {
                throw new IllegalArgumentException("'" + part.trim() + "': a range runs upwards");
            }
            for (int core = first; core <= last; core++) {
                cores.add(core);
            }
        }
        return cores;
    }

    /** A set of CPUs written back as a list, ranges joined: {@code 0-3,6}. */
    static String write(TreeSet<Integer> cores) {
        StringBuilder out = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (int core : cores) {
            if (previous != null && core == previous + 1) {
                previous = core;
                continue;
            }
            if (start != null) {
                out.append(out.isEmpty() ? "" : ",").append(start.equals(previous) ? "" + start : start + "-" + previous);
            }
            start = core;
            previous = core;
        }
        if (start != null) {
            out.append(out.isEmpty() ? "" : ",").append(start.equals(previous) ? "" + start : start + "-" + previous);
        }
        return out.toString();
    }

    private static int number(String text, String whole) {
        text = text.trim();
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 4) {
            throw new IllegalArgumentException("'" + whole.trim() + "' is not a core list (e.g. 1, 0-3, 0,2)");
        }
        return Integer.parseInt(text);
    }
}
