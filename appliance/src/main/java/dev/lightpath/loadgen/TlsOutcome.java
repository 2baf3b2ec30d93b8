package dev.lightpath.loadgen;

import dev.lightpath.tls.TlsCounters;

import java.util.Collection;

/**
 * What TLS did in a run over https://, all cores together: handshakes completed, how many of them resumed an
 * earlier session, and handshakes or connections that failed (those whose certificate did not verify among them).
 */
public record TlsOutcome(long handshakes, long resumptions, long failures, long verifyFailures) {

    /** Adds up every core's counters and failures once the workers have stopped. */
    public static TlsOutcome of(Collection<LoadClient> clients) {
        long handshakes = 0;
        long resumptions = 0;
        long failures = 0;
        long verify = 0;
        for (LoadClient client : clients) {
            if (client.tls() != null) {
                TlsCounters counters = client.tls().counters();
                handshakes += counters.handshakesCompleted();
                resumptions += counters.resumptions();
                failures += counters.failures();
                verify += client.tls().verifyFailures();
            }
        }
        return new TlsOutcome(handshakes, resumptions, failures, verify);
    }
}
