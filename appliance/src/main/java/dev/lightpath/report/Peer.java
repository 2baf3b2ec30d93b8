package dev.lightpath.report;

import java.util.Objects;

/** Another program taking part in the runs (a server compared against, a client tool), with its version. */
public record Peer(String name, String version) {
    public Peer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
