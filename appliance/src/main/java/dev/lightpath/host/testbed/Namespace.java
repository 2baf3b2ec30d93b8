package dev.lightpath.host.testbed;

import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace by name, or the host's own ({@link #HOST}): the command lines that run in it. The same
 * steps then serve a veth end whether it stayed in the host or was moved into a namespace.
 */
public record Namespace(String name) {
    /** The namespace this process runs in; commands run as they are. */
    public static final Namespace HOST = new Namespace(null);

    public boolean isHost() {
        return name == null;
    }

    /** {@code command} run inside this namespace. */
    public List<String> exec(List<String> command) {
        if (isHost()) {
            return List.copyOf(command);
        }
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    public List<String> exec(String... command) {
        return exec(List.of(command));
    }

    /** An {@code ip} command acting on this namespace's links, addresses and routes. */
    public List<String> ip(String... args) {
        List<String> full = new ArrayList<>(isHost() ? List.of("ip") : List.of("ip", "-n", name));
        full.addAll(List.of(args));
        return full;
    }

    @Override
    public String toString() {
        return isHost() ? "the host's namespace" : name;
    }
}
