package dev.lightpath.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.SipHash;
import dev.lightpath.time.SimulatedClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client that restarts (a new process: a new ISN secret) and picks a port that the server still holds in
 * TIME-WAIT from its previous run. The server takes the new SYN only if its sequence number or its timestamp is
 * above the old connection's (RFC 9293 3.10.7.4, RFC 6191); otherwise it answers with the old connection's ACK,
 * which the client must reset, and the client waits a whole SYN timeout. A new ISN secret draws sequence numbers
 * anywhere, so only the timestamps can carry the order across the restart: their offset per pair of hosts must
 * come from a key that outlives the process.
 */
class TcpRestartedClientTest {
    static final int CLIENT_IP = 0x0A000001;
    static final int SERVER_IP = 0x0A000002;
    static final int PORT = 41000;
    /** The first run's ISN secret, and the restarted run's: a pair whose sequence numbers go backwards. */
    static final long FIRST_RUN = 11;
    static final long SECOND_RUN = 12;

    @Test
    void aRestartedClientReusesAPortInTheServersTimeWaitAtOnceWhenItsTimestampsKeepTheirOffset() {
        SipHash timestampKey = SipHash.seeded(99);
        Outcome outcome = restart(SipHash.seeded(FIRST_RUN), timestampKey, SipHash.seeded(SECOND_RUN), timestampKey);
        assertTrue(outcome.isnWentBack, "the new secret put the new ISN below the old connection's: only the "
                + "timestamps can order the two");
        assertTrue(outcome.openedAtOnce, "the server's TIME-WAIT took the SYN and answered it");
        assertEquals(0, outcome.clientResets);
    }

    @Test
    void withAnOffsetDrawnAnewTheSameRestartCostsAResetAndASynTimeout() {
        Outcome outcome = restart(SipHash.seeded(FIRST_RUN), SipHash.seeded(FIRST_RUN),
                SipHash.seeded(SECOND_RUN), SipHash.seeded(SECOND_RUN));
        assertTrue(outcome.isnWentBack);
        assertFalse(outcome.openedAtOnce, "with both the ISN and the timestamps behind, TIME-WAIT refuses the SYN");
        assertEquals(1, outcome.clientResets, "the client resets the old connection's ACK");
    }

    record Outcome(boolean isnWentBack, boolean openedAtOnce, long clientResets) {
    }

    private static Outcome restart(SipHash firstKey, SipHash firstTimestamps, SipHash secondKey,
                                   SipHash secondTimestamps) {
        MemoryPool pool = new MemoryPool(1024);
        int poolStart = pool.available();
        SimulatedClock clock = new SimulatedClock(1_000_000_000L);
        TestLink link = new TestLink(pool, 5);
        TcpStack server = new TcpStack(new TcpConfig(), pool, link.output(), clock, 2);
        link.attach(SERVER_IP, server);
        RecordingHandler serverApp = new RecordingHandler() {
            @Override
            public void onOpen(TcpStream stream) {
                super.onOpen(stream);
                stream.close();  // closes first, as an HTTP server does on Connection: close
            }
        };
        server.listen(80, serverApp, 16);

        TcpStack first = new TcpStack(new TcpConfig(), pool, link.output(), clock, firstKey, firstTimestamps);
        TcpStack[] running = {first};  // the client host's stack: the first run's, then the restarted one's
        link.attach(CLIENT_IP, (mbuf, source, destination) -> running[0].receive(mbuf, source, destination));
        RecordingHandler firstApp = new RecordingHandler();
        TcpStream old = first.connect(SERVER_IP, 80, CLIENT_IP, PORT, firstApp);
        link.deliver();
        int oldIsn = ((Connection) old).iss;
        old.close();
        link.deliver();
        assertEquals(1, server.counters().connectionsByState[TcpState.TIME_WAIT], "the server holds the tuple");
        first.abortAll();

        clock.advance(2, TimeUnit.SECONDS);
        TcpStack second = new TcpStack(new TcpConfig(), pool, link.output(), clock, secondKey, secondTimestamps);
        running[0] = second;
        RecordingHandler secondApp = new RecordingHandler();
        TcpStream fresh = second.connect(SERVER_IP, 80, CLIENT_IP, PORT, secondApp);
        int newIsn = ((Connection) fresh).iss;
        link.deliver();
        int state = second.state(fresh.slot());
        boolean openedAtOnce = state == TcpState.CLOSE_WAIT || state == TcpState.ESTABLISHED;
        Outcome outcome = new Outcome(!Seq.gt(newIsn, oldIsn + 1), openedAtOnce, second.counters().resetsSent);

        link.dropAll();
        server.abortAll();
        second.abortAll();
        link.dropAll();
        assertEquals(poolStart, pool.available());
        pool.close();
        return outcome;
    }
}
