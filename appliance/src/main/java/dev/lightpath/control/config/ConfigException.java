package dev.lightpath.control.config;

import java.util.List;

/** A configuration file that cannot be used: every problem found, each naming its key and line. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String file, List<String> problems) {
        super(file + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
