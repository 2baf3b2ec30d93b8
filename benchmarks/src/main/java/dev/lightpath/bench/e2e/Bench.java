package dev.lightpath.bench.e2e;

import java.nio.file.Path;

/**
 * What every step of a suite run shares: the programs, the link, the profile, the comparisons made, the files
 * served, where the runs' output goes, the two cores (the server's and the client's, the same for every system),
 * and the certificate the TLS lane's servers share (null without that lane).
 *
 * @param report the report's directory; {@code raw} is under it, and the manifest names outputs relative to it
 */
record Bench(Programs programs, SuiteLink bed, Profile profile, SuiteScope scope, Path docroot, Path work,
             Path report, Path raw, int serverCore, int clientCore, SuiteTls tls) {
    /** A repetition's output files without their extension, under raw/. */
    Path output(String name) {
        return raw.resolve(name);
    }

    /** How the manifest names an output: relative to the report's directory. */
    String manifestPath(Path output) {
        return report.relativize(output).toString();
    }

    /** The URL of {@code path} on {@code server} as a client reaches it in {@code lane}. */
    String serverUrl(Server server, Lane lane, String path) {
        return switch (lane) {
            case IPV4 -> "http://" + SuiteLink.SERVER_ADDRESS + (server.port == 80 ? "" : ":" + server.port) + path;
            case IPV6 -> "http://[" + SuiteLink.SERVER_ADDRESS6 + "]" + (server.port == 80 ? "" : ":" + server.port)
                    + path;
            case TLS -> "https://" + SuiteLink.SERVER_ADDRESS + (server.tlsPort == 443 ? "" : ":" + server.tlsPort)
                    + path;
        };
    }
}
