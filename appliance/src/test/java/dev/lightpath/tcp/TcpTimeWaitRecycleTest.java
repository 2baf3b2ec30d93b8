package dev.lightpath.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.time.SimulatedClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server that closes first keeps each connection in TIME-WAIT for 2MSL; when its table is full, the oldest
 * TIME-WAIT slot is given to the next connection instead of refusing it.
 */
class TcpTimeWaitRecycleTest {
    static final int CLIENT_IP = 0x0A000001;
    static final int SERVER_IP = 0x0A000002;

    @Test
    void aFullTableOfTimeWaitTakesNewConnections() {
        MemoryPool pool = new MemoryPool(1024);
        int poolStart = pool.available();
        SimulatedClock clock = new SimulatedClock(1_000_000_000L);
        TestLink link = new TestLink(pool, 5);
        TcpConfig serverConfig = new TcpConfig();
        serverConfig.tableCapacity = 4;
        TcpConfig clientConfig = new TcpConfig();
        clientConfig.tableCapacity = 64;
        TcpStack client = new TcpStack(clientConfig, pool, link.output(), clock, 1);
        TcpStack server = new TcpStack(serverConfig, pool, link.output(), clock, 2);
        link.attach(CLIENT_IP, client);
        link.attach(SERVER_IP, server);
        RecordingHandler clientApp = new RecordingHandler();
        RecordingHandler serverApp = new RecordingHandler() {
            @Override
            public void onOpen(TcpStream stream) {
                super.onOpen(stream);
                stream.close();  // answers nothing: closes first, as an HTTP server with Connection: close does
            }
        };
        server.listen(80, serverApp, 16);
        for (int i = 0; i < 10; i++) {
            TcpStream c = client.connect(SERVER_IP, 80, CLIENT_IP, 41000 + i, clientApp);
            link.deliver();
            assertEquals(TcpState.CLOSE_WAIT, client.state(c.slot()), "connection " + i + " opened and was closed by the server");
            c.close();
            link.deliver();
            assertEquals(TcpState.CLOSED, client.state(c.slot()), "the client, closing second, keeps no TIME-WAIT");
        }
        assertEquals(10, serverApp.opened.size(), "every connection was accepted");
        assertEquals(6, server.counters().timeWaitRecycled);
        assertEquals(4, server.activeConnections());
        assertEquals(0, server.liveConnections(), "all four slots rest in TIME-WAIT");
        assertEquals(0, server.counters().tableFull);
        link.dropAll();
        server.abortAll();
        client.abortAll();
        link.dropAll();
        assertEquals(poolStart, pool.available());
        pool.close();
    }
}
