package dev.lightpath.tls;

import dev.lightpath.metrics.CounterVisitor;

/** One core's TLS counters: plain fields, written only by that core, read through {@link #forEach}. */
public final class TlsCounters {
    long handshakesStarted;
    long handshakesCompleted;
    long handshakesDropped;
    /** Handshakes that ended neither complete nor failed: the client left, or the request timeout closed them. */
    long handshakesAbandoned;
    long resumptions;
    long bytesEncrypted;
    long bytesDecrypted;
    int handshakesInProgress;
    long contextsReplaced;
    final long[] failuresByAlert = new long[TlsAlerts.size()];

    public long handshakesStarted() {
        return handshakesStarted;
    }

    public long handshakesCompleted() {
        return handshakesCompleted;
    }

    public long handshakesDropped() {
        return handshakesDropped;
    }

    public long handshakesAbandoned() {
        return handshakesAbandoned;
    }

    public long resumptions() {
        return resumptions;
    }

    public long bytesEncrypted() {
        return bytesEncrypted;
    }

    public long bytesDecrypted() {
        return bytesDecrypted;
    }

    /** Certificates reloaded (contexts taken over) on this core. */
    public long contextsReplaced() {
        return contextsReplaced;
    }

    public int handshakesInProgress() {
        return handshakesInProgress;
    }

    /** Failures under every alert: handshakes and connections TLS failed. */
    public long failures() {
        long sum = 0;
        for (long n : failuresByAlert) {
            sum += n;
        }
        return sum;
    }

    /** Failures counted under {@code name} ("bad_record_mac", "no_alert", "other_alert"). */
    public long failures(String name) {
        for (int alert = 0; alert < failuresByAlert.length; alert++) {
            if (("tls.failures." + name).equals(TlsAlerts.counterName(alert))) {
                return failuresByAlert[alert];
            }
        }
        throw new IllegalArgumentException("no counter for the alert " + name);
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("tls.handshakes_started", handshakesStarted);
        visitor.counter("tls.handshakes_completed", handshakesCompleted);
        visitor.counter("tls.handshakes_dropped", handshakesDropped);
        visitor.counter("tls.handshakes_abandoned", handshakesAbandoned);
        visitor.counter("tls.resumptions", resumptions);
        visitor.counter("tls.bytes_encrypted", bytesEncrypted);
        visitor.counter("tls.bytes_decrypted", bytesDecrypted);
        visitor.counter("tls.reloads", contextsReplaced);
        for (int alert = 0; alert < failuresByAlert.length; alert++) {
            String name = TlsAlerts.counterName(alert);
            if (name != null) {
                visitor.counter(name, failuresByAlert[alert]);
            }
        }
        visitor.gauge("tls.handshakes_in_progress", handshakesInProgress);
    }
}
