package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.lightpath.tcp.TcpState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Nothing a peer does holds a slot or a buffer for ever: a peer that never sends its FIN, one address opening
 * connection after connection, and peers that send only holes each run into a bound, counted, and the stack
 * serves others meanwhile.
 */
@Timeout(60)
class TcpResourceBoundsTest {
    static final int PORT = 80;

    @Test
    void aPeerThatNeverClosesIsLetGoAfterTheFinTimeout() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 41)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream client = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
            pair.advance(1);
            TcpStream server = serverApp.opened.get(0);
            server.close();
            pair.advance(1);
            assertEquals(FIN_WAIT_2, pair.server.state(server.slot()), "our FIN acknowledged, the peer's never comes");
            assertEquals(CLOSE_WAIT, pair.client.state(client.slot()));
            long closedAt = pair.clock.nanos();

            pair.runUntil(() -> !serverApp.closed.isEmpty(), 120_000);
            long waited = (pair.clock.nanos() - closedAt) / 1_000_000L;
            assertEquals(List.of(StreamHandler.CloseReason.TIMEOUT), serverApp.closed);
            assertTrue(waited >= 60_000 && waited <= 60_100, "tcp_fin_timeout's 60 s: " + waited + " ms");
            assertEquals(0, pair.server.activeConnections(), "the slot is free");
            assertEquals(1, pair.server.counters().finWait2Timeouts);
            pair.client.abortAll();
            pair.link.dropAll();
            assertEquals(pair.poolStart, pair.pool.available());
        }
    }

    @Test
    void aFinWait2ThatGetsItsFinGoesToTimeWaitAsUsual() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 42)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            TcpStream client = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
            pair.advance(1);
            TcpStream server = serverApp.opened.get(0);
            server.close();
            pair.runUntil(() -> false, 30_000);
            client.close();
            pair.advance(1);
            assertEquals(TIME_WAIT, pair.server.state(server.slot()));
            pair.runUntil(() -> false, 45_000);
            assertEquals(0, pair.server.counters().finWait2Timeouts, "the FIN timeout ended with FIN-WAIT-2");
            pair.link.dropAll();
        }
    }

    @Test
    void oneAddressHoldsAtMostItsShareAndGetsItBackAsConnectionsClose() {
        TcpConfig serverConfig = TcpPair.config();
        serverConfig.maxConnectionsPerSource = 3;
        try (TcpPair pair = new TcpPair(TcpPair.config(), serverConfig, 43)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            for (int i = 0; i < 5; i++) {
                pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000 + i, clientApp);
            }
            pair.advance(1);
            assertEquals(3, serverApp.opened.size());
            assertEquals(List.of(StreamHandler.CloseReason.REFUSED, StreamHandler.CloseReason.REFUSED), clientApp.closed,
                "the others refused at once by a reset");
            assertEquals(2, pair.server.counters().perSourceRefused);
            assertEquals(3, pair.server.connectionsFrom(TcpPair.CLIENT_IP));

            // The client closes one first: the server's side ends without TIME-WAIT and the share comes back.
            TcpStream first = clientApp.opened.get(0);
            first.close();
            pair.advance(1);
            serverApp.opened.get(0).close();
            pair.advance(1);
            assertEquals(2, pair.server.connectionsFrom(TcpPair.CLIENT_IP));
            // The server closes one first: its TIME-WAIT does not count against the client.
            serverApp.opened.get(1).close();
            pair.advance(1);
            clientApp.opened.get(1).close();
            pair.advance(1);
            assertEquals(TIME_WAIT, pair.server.state(serverApp.opened.get(1).slot()));
            assertEquals(1, pair.server.connectionsFrom(TcpPair.CLIENT_IP));

            pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 41000, clientApp);
            pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 41001, clientApp);
            pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 41002, clientApp);
            pair.advance(1);
            assertEquals(5, serverApp.opened.size(), "two more fit in the share again");
            assertEquals(3, pair.server.counters().perSourceRefused);
            pair.client.abortAll();
            pair.advance(1);
            assertEquals(0, pair.server.connectionsFrom(TcpPair.CLIENT_IP));
            pair.server.abortAll();
            pair.link.dropAll();
            assertEquals(pair.poolStart, pair.pool.available());
        }
    }

    @Test
    void holesFromManyConnectionsStayWithinTheCoresBudgetOldestGivenUpFirst() {
        TcpConfig serverConfig = TcpPair.config();
        serverConfig.maxOutOfOrderMbufs = 4;
        try (TcpPair pair = new TcpPair(TcpPair.config(), serverConfig, 44)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            for (int i = 0; i < 3; i++) {
                pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000 + i, clientApp);
            }
            pair.advance(1);
            assertEquals(3, serverApp.opened.size());
            // Each connection gets three segments beyond a hole, connection by connection: nine holds, four fit.
            for (int i = 0; i < 3; i++) {
                Connection s = (Connection) serverApp.opened.get(i);
                for (int k = 1; k <= 3; k++) {
                    dataSegment(pair, s, s.rcvNxt + 100 * k, 100);
                }
            }
            pair.link.dropAll();
            assertEquals(5, pair.server.counters().outOfOrderPruned);
            assertEquals(0, held(serverApp, 0));
            assertEquals(1, held(serverApp, 1), "the newest of the second connection's");
            assertEquals(3, held(serverApp, 2), "all of the last connection's");
            Connection second = (Connection) serverApp.opened.get(1);
            assertEquals(second.rcvNxt + 300, second.ooo.seq[0]);

            // The holes are filled: what is still held is delivered, the rest comes again from the sender.
            Connection last = (Connection) serverApp.opened.get(2);
            dataSegment(pair, last, last.rcvNxt, 100);
            assertEquals(400, serverApp.received(last.slot()).length);
            assertEquals(0, held(serverApp, 2));
            pair.client.abortAll();
            pair.server.abortAll();
            pair.link.dropAll();
            assertEquals(pair.poolStart, pair.pool.available(), "every held mbuf freed exactly once");
        }
    }

    static int held(RecordingHandler app, int i) {
        return ((Connection) app.opened.get(i)).oooCount;
    }

    /** {@code length} bytes at {@code seq} from the client's side of {@code s}, straight into the server. */
    static void dataSegment(TcpPair pair, Connection s, int seq, int length) {
        long m = pair.pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, s.remotePort, PORT, seq, s.sndNxt, 20, TcpHeader.ACK, 65535);
        NativeMemory.fill(a + 20, length, (byte) 'x');
        Mbuf.length(m, 20 + length);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }
}
