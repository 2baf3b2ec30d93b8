package dev.lightpath.tcp;

/**
 * Quick-ACK mode, as Linux has it: a connection's first data segments, and the first after it was idle for longer
 * than its retransmission timeout, are acknowledged at once instead of every other one or at the delayed-ACK
 * timer. At those times the peer's congestion window is small and its sender may hold its next segment until the
 * last is acknowledged (Nagle's algorithm, or a send buffer it cannot refill before then): a delayed ACK there
 * costs it the whole 40 ms. Only pure ACKs spend the budget: an answer of the application's carries its ACK.
 */
final class QuickAcks {
    private QuickAcks() {
    }

    /** The connection opens in quick-ACK mode (its slot's reset has cleared the time of the last data). */
    static void opened(Connection c, int budget) {
        c.quickAcks = budget;
    }

    /** New in-order data at {@code now}: after a silence longer than the RTO the peer starts again from a small window. */
    static void dataArrived(Connection c, long now, int budget) {
        if (c.lastDataArrival != 0 && now - c.lastDataArrival > c.rto) {
            c.quickAcks = budget;
        }
        c.lastDataArrival = now;
    }

    /** True while received data is to be acknowledged at once. */
    static boolean active(Connection c) {
        return c.quickAcks > 0;
    }

    /**
     * A pure ACK left: it spends the budget when it acknowledged data not yet acknowledged. Linux spends it on
     * answers too; here the budget bounds the ACKs added to the flow, and an answer that carries the ACK adds none.
     */
    static void pureAckSent(Connection c) {
        if (c.unackedSegments > 0 && c.quickAcks > 0) {
            c.quickAcks--;
        }
    }
}
