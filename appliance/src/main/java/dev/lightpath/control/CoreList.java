package dev.lightpath.control;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** CPU lists as Linux and DPDK write them: {@code 1}, {@code 0-3}, {@code 0,2,4-5}. */
public final class CoreList {
    private CoreList() {
    }

    /** Parses and checks each CPU exists on this machine; throws {@link IllegalArgumentException} otherwise. */
    public static List<Integer> parse(String text) {
        int available = Runtime.getRuntime().availableProcessors();
        TreeSet<Integer> cores = new TreeSet<>();
        for (String part : text.trim().split(",")) {
            String[] range = part.trim().split("-", -1);
            if (range.length > 2 || range[0].isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not a core list (e.g. 1, 0-3, 0,2)");
            }
            int first = number(range[0], text);
            int last = range.length == 2 ? number(range[1], text) : first;
            if (last < first) {
                throw new IllegalArgumentException("'" + part + "': a range runs upwards");
            }
            for (int core = first; core <= last; core++) {
                if (core >= available) {
                    throw new IllegalArgumentException("core " + core + " does not exist: this machine has cores 0-"
                            + (available - 1));
                }
                cores.add(core);
            }
        }
        return new ArrayList<>(cores);
    }

    private static int number(String text, String whole) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 4) {
            throw new IllegalArgumentException("'" + whole + "' is not a core list (e.g. 1, 0-3, 0,2)");
        }
        return Integer.parseInt(text);
    }
}
