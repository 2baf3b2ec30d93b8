package dev.lightpath.control.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format 0.0.4, written from the format's description, to
 * check what the endpoint serves: every line is a HELP, a TYPE, another comment or a sample; names and
 * label names match the format's patterns; label values are quoted with only the allowed escapes; a family's
 * HELP and TYPE come before its samples, at most once each; a family's samples are contiguous; every value is
 * a number; no series repeats; the text ends with a newline. Any breach throws {@link IllegalArgumentException}
 * naming the line.
 */
final class ExpositionParser {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{[^}]*\\})? ([^ ]+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?Inf|NaN");

    /** The series read, "name{labels}" to value, in order. */
    final Map<String, Double> samples = new LinkedHashMap<>();
    /** Each family's TYPE. */
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> helps = new HashMap<>();

    static ExpositionParser parse(String text) {
        ExpositionParser parser = new ExpositionParser();
        parser.read(text);
        return parser;
    }

    private void read(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a newline");
        }
        Set<String> finished = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher help = HELP.matcher(line);
                Matcher type = TYPE.matcher(line);
                if (help.matches()) {
                    String family = help.group(1);
                    check(!sampled.contains(family), number, "HELP for " + family + " after its samples");
                    check(helps.put(family, help.group(2)) == null, number, "second HELP for " + family);
                } else if (type.matches()) {
                    String family = type.group(1);
                    check(!sampled.contains(family), number, "TYPE for " + family + " after its samples");
                    check(types.put(family, type.group(2)) == null, number, "second TYPE for " + family);
                } else {
                    check(!line.startsWith("# HELP") && !line.startsWith("# TYPE"), number, "malformed: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            check(sample.matches(), number, "not a sample: " + line);
            String name = sample.group(1);
            String family = familyOf(name);
            if (!family.equals(current)) {
                check(!finished.contains(family), number, "samples of " + family + " are not contiguous");
                if (current != null) {
                    finished.add(current);
                }
                current = family;
            }
            sampled.add(family);
            String labels = labels(sample.group(2), number);
            check(FLOAT.matcher(sample.group(3)).matches(), number, "value is not a number: " + sample.group(3));
            double value = Double.parseDouble(sample.group(3).replace("Inf", "Infinity"));
            check(samples.put(name + labels, value) == null, number, "series repeated: " + name + labels);
        }
    }

    /** Counters and gauges are their own family; histogram and summary parts belong to theirs. */
    private String familyOf(String name) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static String labels(String group, int number) {
        if (group == null) {
            return "";
        }
        String inner = group.substring(1, group.length() - 1);
        if (inner.isEmpty()) {
            return "";
        }
        Matcher label = LABEL.matcher(inner);
        Set<String> names = new HashSet<>();
        int at = 0;
        while (at < inner.length()) {
            check(label.find(at) && label.start() == at, number, "bad label at '" + inner.substring(at) + "'");
            check(names.add(label.group(1)), number, "label repeated: " + label.group(1));
            at = label.end();
            if (at < inner.length()) {
                check(inner.charAt(at) == ',', number, "labels not separated by commas: " + inner);
                at++;
            }
        }
        return "{" + inner + "}";
    }

    private static void check(boolean ok, int line, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("line " + line + ": " + problem);
        }
    }
}
