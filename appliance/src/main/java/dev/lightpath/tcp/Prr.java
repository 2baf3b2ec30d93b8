package dev.lightpath.tcp;

/**
 * Proportional Rate Reduction (RFC 6937): how much recovery may send for each ACK. While the pipe is above
 * ssthresh, sending follows what the ACKs report delivered, scaled by ssthresh over the flight at the start
 * (RecoverFS), so the window comes down to ssthresh smoothly over one round trip instead of in one step that
 * leaves the ACK clock silent; once the pipe is below ssthresh, the slow start reduction bound lets it grow back
 * towards ssthresh by at most one segment more than was delivered per ACK. The result is set as cwnd = pipe +
 * sndcnt, which the sending loops of recovery then fill.
 */
final class Prr {
    private Prr() {
    }

    /** Recovery starts: RecoverFS is the flight at its start. */
    static void begin(Connection c) {
        c.prrRecoverFs = Math.max(1, c.sndMax - c.sndUna);
        c.prrDelivered = 0;
        c.prrOut = 0;
    }

    /** An ACK in recovery reported {@code delivered} bytes newly delivered; {@code pipe} is RFC 6675's. */
    static void ack(Connection c, int delivered, int pipe) {
        c.prrDelivered += Math.max(0, delivered);
        long sendable;
        if (pipe > c.ssthresh) {
            long due = ((long) c.prrDelivered * c.ssthresh + c.prrRecoverFs - 1) / c.prrRecoverFs;
            sendable = due - c.prrOut;
        } else {
            // The slow start reduction bound: back up to ssthresh, at most a segment beyond what was delivered.
            // In bytes, ssthresh is rarely a whole number of segments: the room up to it is rounded up to one, or
            // a fraction of a segment left free would send nothing and, with little in flight, draw no more ACKs.
            long limit = Math.max((long) c.prrDelivered - c.prrOut, Math.max(0, delivered)) + c.sndMss;
            long room = ((long) c.ssthresh - pipe + c.sndMss - 1) / c.sndMss * c.sndMss;
            sendable = Math.min(room, limit);
        }
        if (sendable <= 0 && c.prrOut == 0) {
            // The fast retransmission itself always goes (RFC 6937's successor, draft-ietf-tcpm-prr-rfc6937bis).
            sendable = c.sndMss;
        }
        c.cwnd = (int) Math.max(pipe + Math.max(0, sendable), c.sndMss);
    }
}
