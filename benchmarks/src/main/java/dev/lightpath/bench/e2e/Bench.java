package dev.lightpath.bench.e2e;

import java.nio.file.Path;

/**
 * What every step of a suite run shares: the programs, the link, the profile, the files served, where the runs'
 * output goes, and the two cores (the server's and the client's, the same for every system).
 *
 * @param report the report's directory; {@code raw} is under it, and the manifest names outputs relative to it
 */
record Bench(Programs programs, SuiteLink bed, Profile profile, Path docroot, Path work, Path report, Path raw,
             int serverCore, int clientCore) {
    /** A repetition's output files without their extension, under raw/. */
    Path output(String name) {
        return raw.resolve(name);
    }

    /** How the manifest names an output: relative to the report's directory. */
    String manifestPath(Path output) {
        return report.relativize(output).toString();
    }

    String serverUrl(Server server, String path) {
        return "http://" + SuiteLink.SERVER_ADDRESS + (server.port == 80 ? "" : ":" + server.port) + path;
    }
}
