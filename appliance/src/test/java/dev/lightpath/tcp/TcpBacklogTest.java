package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The listen backlog belongs to the listener: each port's half-open connections are bounded on their own. */
class TcpBacklogTest {
    static final int WEB = 80;
    static final int MAIL = 25;

    /** A bare SYN from {@code sourcePort} to {@code port}, as a flood would send it. */
    static void syn(TcpPair pair, int sourcePort, int port) {
        long m = pair.pool.allocate();
        TcpHeader.write(Mbuf.data(m), sourcePort, port, 1000 * sourcePort, 0, 20, TcpHeader.SYN, 65535);
        Mbuf.length(m, 20);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }

    @Test
    void aFloodOnOnePortLeavesAnotherPortsBacklogAlone() {
        TcpConfig config = TcpPair.config();
        config.synBacklog = 100;
        try (TcpPair pair = new TcpPair(config, 1)) {
            pair.server.listen(WEB, new RecordingHandler(), 4);
            pair.server.listen(MAIL, new RecordingHandler(), 2);
            for (int i = 0; i < 20; i++) {
                syn(pair, 2000 + i, WEB);
            }
            pair.link.dropAll();
            assertEquals(4, pair.server.halfOpen(WEB), "the web listener keeps its backlog of 4");
            assertEquals(16, pair.server.counters().synCookiesSent, "the rest of the flood gets cookies");
            assertEquals(0, pair.server.halfOpen(MAIL));

            // The flood on port 80 does not count against port 25: its own backlog of 2 still takes state.
            syn(pair, 3000, MAIL);
            syn(pair, 3001, MAIL);
            assertEquals(2, pair.server.halfOpen(MAIL));
            assertEquals(16, pair.server.counters().synCookiesSent, "no cookie for the second port's SYNs");
            syn(pair, 3002, MAIL);
            assertEquals(2, pair.server.halfOpen(MAIL), "beyond its own backlog, port 25 gets cookies too");
            assertEquals(17, pair.server.counters().synCookiesSent);
            assertEquals(6, pair.server.activeConnections());
            pair.link.dropAll();
        }
    }

    @Test
    void aCompletedHandshakeFreesItsPlaceInTheBacklog() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 2)) {
            RecordingHandler web = new RecordingHandler();
            pair.server.listen(WEB, web, 1);
            TcpStream first = pair.client.connect(TcpPair.SERVER_IP, WEB, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
            TestLink.Segment syn = pair.link.queue.remove(0);
            pair.server.receive(syn.mbuf(), syn.source(), syn.destination());
            assertEquals(1, pair.server.halfOpen(WEB));
            pair.link.deliver();
            assertEquals(TcpState.ESTABLISHED, pair.client.state(first.slot()));
            assertEquals(0, pair.server.halfOpen(WEB), "established: no longer half-open");
            long cookies = pair.server.counters().synCookiesSent;
            syn(pair, 5000, WEB);
            assertEquals(1, pair.server.halfOpen(WEB), "the next SYN gets state, not a cookie");
            assertEquals(cookies, pair.server.counters().synCookiesSent);
            pair.link.dropAll();
            // A half-open connection reset by its peer gives its place back too.
            long m = pair.pool.allocate();
            TcpHeader.write(Mbuf.data(m), 5000, WEB, 1000 * 5000 + 1, 0, 20, TcpHeader.RST, 0);
            Mbuf.length(m, 20);
            pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
            assertEquals(0, pair.server.halfOpen(WEB));
            // And one whose SYN-ACKs go unanswered, when the retransmissions give up.
            pair.link.loss = 1.0;
            syn(pair, 5001, WEB);
            assertEquals(1, pair.server.halfOpen(WEB));
            pair.runUntil(() -> pair.server.halfOpen(WEB) == 0, 600_000);
            assertEquals(0, pair.server.halfOpen(WEB));
            pair.link.loss = 0;
        }
    }

    @Test
    void listenWithoutABacklogTakesTheConfiguredDefault() {
        TcpConfig config = TcpPair.config();
        config.synBacklog = 3;
        try (TcpPair pair = new TcpPair(config, 3)) {
            pair.server.listen(WEB, new RecordingHandler(), 0);
            for (int i = 0; i < 5; i++) {
                syn(pair, 2000 + i, WEB);
            }
            assertEquals(3, pair.server.halfOpen(WEB));
            assertEquals(2, pair.server.counters().synCookiesSent);
            pair.link.dropAll();
        }
    }
}
