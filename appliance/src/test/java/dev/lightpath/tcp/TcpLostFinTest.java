package dev.lightpath.tcp;

import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Lost FINs in every close order: the client closes first, the server closes first, or both at once; the
 * FIN of the first closer, of the second, or of both is lost (once or twice), with or without data still
 * outstanding ahead of it. Retransmission must always finish both streams and both closes.
 */
class TcpLostFinTest {
    static final int PORT = 80;

    enum Order { CLIENT_FIRST, SERVER_FIRST, SIMULTANEOUS }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        // Without loss of a FIN too, so the plain close orders with data held back are covered.
        for (Order order : Order.values()) {
            for (int clientFinsLost = 0; clientFinsLost <= 2; clientFinsLost++) {
                for (int serverFinsLost = 0; serverFinsLost <= 2; serverFinsLost++) {
                    // 30,000 bytes is more than the initial window: the rest waits for ACKs, behind it the FIN.
                    for (int clientData : new int[] {0, 30_000}) {
                        for (int serverData : new int[] {0, 30_000}) {
                            cases.add(Arguments.of(order, clientFinsLost, serverFinsLost, clientData, serverData));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: FINs lost client {1} server {2}, data before close client {3} server {4}")
    @MethodSource("cases")
    void closeCompletesDespiteLostFins(Order order, int clientFinsLost, int serverFinsLost, int clientData,
                                       int serverData) {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 5)) {
            RecordingHandler clientApp = new RecordingHandler();
            RecordingHandler serverApp = new RecordingHandler();
            pair.server.listen(PORT, serverApp, 16);
            int[] lost = new int[2];
            pair.link.drop = s -> {
                if ((s.flags() & TcpHeader.FIN) == 0) {
                    return false;
                }
                int side = s.source() == TcpPair.CLIENT_IP ? 0 : 1;
                int budget = side == 0 ? clientFinsLost : serverFinsLost;
                return lost[side] < budget && ++lost[side] > 0;
            };
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
            pair.link.deliver();
            TcpStream s = serverApp.opened.get(0);
            byte[] fromClient = new byte[clientData];
            byte[] fromServer = new byte[serverData];
            new Random(1).nextBytes(fromClient);
            new Random(2).nextBytes(fromServer);
            // Data is queued just before close, so the FIN follows data still unacknowledged or unsent; the
            // second closer closes from onPeerClosed, possibly with its own data held back by the window.
            switch (order) {
                case CLIENT_FIRST -> {
                    serverApp.closeOnPeerClose = true;
                    assertTrue(s.sendReference(pair.bytes(fromServer), serverData));
                    assertTrue(c.sendReference(pair.bytes(fromClient), clientData));
                    c.close();
                    assertEquals(TcpState.FIN_WAIT_1, pair.client.state(c.slot()));
                }
                case SERVER_FIRST -> {
                    clientApp.closeOnPeerClose = true;
                    assertTrue(c.sendReference(pair.bytes(fromClient), clientData));
                    assertTrue(s.sendReference(pair.bytes(fromServer), serverData));
                    s.close();
                    assertEquals(TcpState.FIN_WAIT_1, pair.server.state(s.slot()));
                }
                case SIMULTANEOUS -> {
                    assertTrue(c.sendReference(pair.bytes(fromClient), clientData));
                    assertTrue(s.sendReference(pair.bytes(fromServer), serverData));
                    c.close();
                    s.close();
                }
            }
            pair.runUntil(() -> clientApp.closed.size() == 1 && serverApp.closed.size() == 1, 30_000);
            String where = order + " " + clientFinsLost + "/" + serverFinsLost + ": client "
                + TcpCloseUnderLossTest.connection((Connection) c) + " server "
                + TcpCloseUnderLossTest.connection((Connection) s);
            assertEquals(clientFinsLost, lost[0], "the client's FIN was lost as planned: " + where);
            assertEquals(serverFinsLost, lost[1], "the server's FIN was lost as planned: " + where);
            assertEquals(List.of(StreamHandler.CloseReason.NORMAL), clientApp.closed, where);
            assertEquals(List.of(StreamHandler.CloseReason.NORMAL), serverApp.closed, where);
            assertArrayEquals(fromClient, serverApp.received(s.slot()), where);
            assertArrayEquals(fromServer, clientApp.received(c.slot()), where);
            assertEquals(1, clientApp.peerClosed, where);
            assertEquals(1, serverApp.peerClosed, where);
            // TIME-WAIT (2 s here) runs out and everything is given back.
            pair.runUntil(() -> pair.client.activeConnections() + pair.server.activeConnections() == 0, 5_000);
            assertEquals(0, pair.client.activeConnections(), where);
            assertEquals(0, pair.server.activeConnections(), where);
            pair.link.dropAll();
            assertEquals(pair.poolStart, pair.pool.available(), where);
        }
    }
}
