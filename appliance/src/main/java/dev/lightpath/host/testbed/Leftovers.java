package dev.lightpath.host.testbed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bed whose process was killed (SIGKILL, a test run's timeout) could not remove: the namespaces and links
 * whose names carry the pid of a process that no longer runs. Names of other forms, and those of live processes
 * (other beds running now), are never touched.
 */
final class Leftovers {
    /** {@code lpb}, the owner's pid, then a tag that starts with a letter (so the pid's digits end there). */
    private static final Pattern OWNED = Pattern.compile(TestBed.PREFIX + "(\\d{1,10})[a-z][a-z0-9]*");

    private Leftovers() {
    }

    /** Removes the namespaces and host links left by processes that have ended; returns their names. */
    static List<String> sweep(Shell shell, LongPredicate alive) throws IOException, InterruptedException {
        List<String> removed = new ArrayList<>();
        for (String line : shell.run(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.strip().split(" ", 2)[0];
            if (stale(name, alive)) {
                shell.quiet(List.of("ip", "netns", "del", name));
                removed.add(name);
            }
        }
        for (String line : shell.run(List.of("ip", "-o", "link", "show")).split("\n")) {
            String[] fields = line.split(": ", 3);
            if (fields.length < 3) {
                continue;
            }
            String name = fields[1].split("@", 2)[0];
            if (stale(name, alive)) {
                shell.quiet(List.of("ip", "link", "del", name));
                removed.add(name);
            }
        }
        return removed;
    }

    private static boolean stale(String name, LongPredicate alive) {
        Matcher m = OWNED.matcher(name);
        return m.matches() && !alive.test(Long.parseLong(m.group(1)));
    }
}
