package dev.lightpath.tcp;

import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client connection over a {@link DelayedPath} with a 5 ms each-way delay, opened and warmed by a few
 * exchanges so that its RTTs are measured before a test sends what it is about; the pool checked at the end.
 */
abstract class DelayedPathFixture {
    static final int PORT = 80;

    TcpPair pair;
    DelayedPath path;
    final RecordingHandler serverApp = new RecordingHandler();
    TcpStream stream;
    Connection conn;

    @AfterEach
    void close() {
        if (path != null) {
            path.dropAll();
        }
        if (pair != null) {
            pair.close();
        }
    }

    /** A connection over a 5 ms each-way path, with a few exchanges behind it so RTTs are measured. */
    void open(TcpConfig config, long seed) {
        pair = new TcpPair(config, seed);
        path = new DelayedPath(pair, 5);
        pair.server.listen(PORT, serverApp, 16);
        stream = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, new RecordingHandler());
        conn = (Connection) stream;
        path.runUntil(() -> !serverApp.opened.isEmpty() && conn.state == TcpState.ESTABLISHED, 1_000);
        for (int i = 0; i < 4; i++) {
            assertTrue(stream.sendReference(pair.bytes(new byte[2 * conn.sndMss]), 2 * conn.sndMss));
            path.run(30);
        }
        assertEquals(conn.sndMax, conn.sndUna);
    }

    int received() {
        return serverApp.received(serverApp.opened.get(0).slot()).length;
    }
}
