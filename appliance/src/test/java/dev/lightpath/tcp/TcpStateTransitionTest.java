package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.lightpath.tcp.TcpState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The RFC 9293 state diagram (section 3.3.2), one transition at a time, with segments handed over one by one
 * so each state in between can be seen. Transitions covered here:
 * <ul>
 * <li>LISTEN → SYN-RECEIVED (SYN to a listener), SYN-RECEIVED → ESTABLISHED (the ACK of our SYN-ACK);</li>
 * <li>SYN-SENT → SYN-RECEIVED (simultaneous open: a SYN without ACK) → ESTABLISHED;</li>
 * <li>SYN-SENT → ESTABLISHED (SYN-ACK), SYN-SENT → CLOSED (close before any answer);</li>
 * <li>SYN-RECEIVED → FIN-WAIT-1 (close before the handshake's ACK: the FIN waits for it);</li>
 * <li>ESTABLISHED → FIN-WAIT-1 (close), ESTABLISHED → CLOSE-WAIT (FIN received);</li>
 * <li>FIN-WAIT-1 → FIN-WAIT-2 (our FIN acknowledged), FIN-WAIT-1 → CLOSING (their FIN first),
 *     FIN-WAIT-1 → TIME-WAIT (their FIN and the ACK of ours in one segment);</li>
 * <li>FIN-WAIT-2 → TIME-WAIT (their FIN), CLOSING → TIME-WAIT (the ACK of our FIN);</li>
 * <li>CLOSE-WAIT → LAST-ACK (close), LAST-ACK → CLOSED (the ACK of our FIN);</li>
 * <li>TIME-WAIT → CLOSED after 2MSL and not before, a retransmitted FIN restarting the 2MSL wait;</li>
 * <li>sequence numbers wrapping past 2^32 during a lossy transfer with SACK.</li>
 * </ul>
 * {@code TcpStackTest} covers RST in SYN-RECEIVED (back to LISTEN), refused connections, and TIME-WAIT reopened
 * by a new SYN.
 */
class TcpStateTransitionTest {
    static final int PORT = 80;

    final TcpPair pair = new TcpPair(TcpPair.config(), 9);
    final RecordingHandler clientApp = new RecordingHandler();
    final RecordingHandler serverApp = new RecordingHandler();

    {
        pair.server.listen(PORT, serverApp, 16);
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        pair.close();
    }

    /** Hands the oldest segment in flight to its receiver; returns its flags. */
    int deliverOne() {
        TestLink.Segment s = pair.link.queue.remove(0);
        int flags = s.flags();
        (s.destination() == TcpPair.SERVER_IP ? pair.server : pair.client).receive(s.mbuf(), s.source(), s.destination());
        return flags;
    }

    /** The only server connection (the table holds one in these tests). */
    int serverSlot() {
        for (int slot = 0; slot < pair.config.tableCapacity; slot++) {
            if (pair.server.state(slot) != CLOSED) {
                return slot;
            }
        }
        return -1;
    }

    TcpStream connect() {
        return pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
    }

    /** Both sides ESTABLISHED, nothing in flight. */
    TcpStream established() {
        TcpStream c = connect();
        pair.link.deliver();
        assertEquals(ESTABLISHED, pair.client.state(c.slot()));
        assertEquals(ESTABLISHED, pair.server.state(serverSlot()));
        return c;
    }

    @Test
    void listenToSynReceivedToEstablished() {
        TcpStream c = connect();
        assertEquals(SYN_SENT, pair.client.state(c.slot()));
        assertEquals(TcpHeader.SYN, deliverOne());
        int s = serverSlot();
        assertEquals(SYN_RECEIVED, pair.server.state(s), "LISTEN -> SYN-RECEIVED");
        assertTrue(serverApp.opened.isEmpty(), "the application sees it only once established");
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, deliverOne());
        assertEquals(ESTABLISHED, pair.client.state(c.slot()), "SYN-SENT -> ESTABLISHED");
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(ESTABLISHED, pair.server.state(s), "SYN-RECEIVED -> ESTABLISHED");
        assertEquals(1, serverApp.opened.size());
    }

    @Test
    void simultaneousOpenGoesFromSynSentThroughSynReceived() {
        TcpStream a = pair.client.connect(TcpPair.SERVER_IP, 5000, TcpPair.CLIENT_IP, 6000, clientApp);
        TcpStream b = pair.server.connect(TcpPair.CLIENT_IP, 6000, TcpPair.SERVER_IP, 5000, serverApp);
        assertEquals(TcpHeader.SYN, deliverOne());
        assertEquals(TcpHeader.SYN, deliverOne());
        assertEquals(SYN_RECEIVED, pair.client.state(a.slot()), "SYN-SENT -> SYN-RECEIVED");
        assertEquals(SYN_RECEIVED, pair.server.state(b.slot()));
        // Each SYN-ACK repeats a SYN already taken, so it is out of window and draws an ACK; each side
        // becomes ESTABLISHED on the ACK of its own SYN.
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, deliverOne());
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, deliverOne());
        assertEquals(SYN_RECEIVED, pair.client.state(a.slot()));
        assertEquals(SYN_RECEIVED, pair.server.state(b.slot()));
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(ESTABLISHED, pair.server.state(b.slot()), "SYN-RECEIVED -> ESTABLISHED");
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(ESTABLISHED, pair.client.state(a.slot()));
        assertEquals(1, clientApp.opened.size());
        assertEquals(1, serverApp.opened.size());
    }

    @Test
    void closeInSynSentJustCloses() {
        TcpStream c = connect();
        pair.link.dropAll();
        c.close();
        assertEquals(CLOSED, pair.client.state(c.slot()), "SYN-SENT -> CLOSED");
        assertEquals(0, pair.client.activeConnections());
    }

    @Test
    void closeInSynReceivedSendsFinOnceTheHandshakeCompletes() {
        TcpStream c = connect();
        deliverOne();
        int s = serverSlot();
        assertEquals(SYN_RECEIVED, pair.server.state(s));
        pair.server.stream(s).close();
        assertEquals(SYN_RECEIVED, pair.server.state(s), "no FIN before our SYN is acknowledged");
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, deliverOne());
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(FIN_WAIT_1, pair.server.state(s), "SYN-RECEIVED -> FIN-WAIT-1");
        assertEquals(1, pair.link.queue.size());
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, pair.link.queue.get(0).flags() & ~TcpHeader.PSH);
        deliverOne();
        assertEquals(CLOSE_WAIT, pair.client.state(c.slot()));
        deliverOne();
        assertEquals(FIN_WAIT_2, pair.server.state(s));
    }

    @Test
    void activeCloseThroughFinWait2AndTimeWait() {
        TcpStream c = established();
        int s = serverSlot();
        c.close();
        assertEquals(FIN_WAIT_1, pair.client.state(c.slot()), "ESTABLISHED -> FIN-WAIT-1");
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, deliverOne());
        assertEquals(CLOSE_WAIT, pair.server.state(s), "ESTABLISHED -> CLOSE-WAIT");
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(FIN_WAIT_2, pair.client.state(c.slot()), "FIN-WAIT-1 -> FIN-WAIT-2");
        pair.server.stream(s).close();
        assertEquals(LAST_ACK, pair.server.state(s), "CLOSE-WAIT -> LAST-ACK");
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, deliverOne());
        assertEquals(TIME_WAIT, pair.client.state(c.slot()), "FIN-WAIT-2 -> TIME-WAIT");
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(CLOSED, pair.server.state(s), "LAST-ACK -> CLOSED");
        assertEquals(1, serverApp.closed.size());
        assertEquals(1, clientApp.closed.size(), "the application is told on entering TIME-WAIT");
    }

    @Test
    void finWait1ToClosingToTimeWait() {
        TcpStream c = established();
        int s = serverSlot();
        c.close();
        pair.server.stream(s).close();
        // The FINs cross: each side sees the other's FIN before the ACK of its own.
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, deliverOne());
        assertEquals(CLOSING, pair.server.state(s), "FIN-WAIT-1 -> CLOSING");
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, deliverOne());
        assertEquals(CLOSING, pair.client.state(c.slot()));
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(TIME_WAIT, pair.client.state(c.slot()), "CLOSING -> TIME-WAIT");
        assertEquals(TcpHeader.ACK, deliverOne());
        assertEquals(TIME_WAIT, pair.server.state(s));
    }

    @Test
    void finWait1ToTimeWaitOnFinAndAckTogether() {
        TcpStream c = established();
        int s = serverSlot();
        c.close();
        deliverOne();
        assertEquals(CLOSE_WAIT, pair.server.state(s));
        // The server's bare ACK of the FIN is lost; its own FIN then acknowledges ours too.
        pair.link.queue.remove(0);
        pair.server.stream(s).close();
        assertEquals(FIN_WAIT_1, pair.client.state(c.slot()));
        TestLink.Segment finAck = pair.link.queue.get(0);
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, finAck.flags());
        assertEquals(((Connection) c).sndMax, TcpHeader.acknowledgment(Mbuf.data(finAck.mbuf())));
        deliverOne();
        assertEquals(TIME_WAIT, pair.client.state(c.slot()), "FIN-WAIT-1 -> TIME-WAIT");
        deliverOne();
        assertEquals(CLOSED, pair.server.state(s));
    }

    @Test
    void timeWaitLastsTwoMslAndARetransmittedFinRestartsIt() {
        TcpStream c = established();
        clientApp.closeOnPeerClose = false;
        serverApp.closeOnPeerClose = true;
        c.close();
        pair.link.deliver();
        assertEquals(TIME_WAIT, pair.client.state(c.slot()));
        long twoMsl = pair.config.timeWaitNanos / 1_000_000;
        pair.runUntil(() -> false, twoMsl / 2);
        // A FIN again (its ACK was lost, say): re-acknowledged, and the 2MSL wait starts over.
        Connection conn = (Connection) c;
        long m = pair.pool.allocate();
        TcpHeader.write(Mbuf.data(m), PORT, c.localPort(), conn.rcvNxt - 1, conn.sndMax, 20,
            TcpHeader.FIN | TcpHeader.ACK, 65535);
        Mbuf.length(m, 20);
        pair.client.receive(m, TcpPair.SERVER_IP, TcpPair.CLIENT_IP);
        assertEquals(1, pair.link.queue.size(), "the FIN is acknowledged again");
        pair.link.dropAll();
        pair.runUntil(() -> false, twoMsl - 100);
        assertEquals(TIME_WAIT, pair.client.state(c.slot()), "still waiting: the FIN restarted the clock");
        pair.runUntil(() -> pair.client.state(c.slot()) == CLOSED, 200);
        assertEquals(CLOSED, pair.client.state(c.slot()), "TIME-WAIT -> CLOSED after 2MSL");
        assertEquals(0, pair.client.activeConnections());
        pair.link.dropAll();
        assertEquals(pair.poolStart, pair.pool.available());
    }

    @Test
    void sequenceNumbersWrapDuringALossyTransferWithSack() {
        pair.client.forceNextIsn(0xFFFF0000);
        pair.server.forceNextIsn(0xFFFFF000);
        TcpStream c = established();
        TcpStream s = pair.server.stream(serverSlot());
        assertTrue(((Connection) c).sackOk);
        byte[] up = new byte[400_000];
        byte[] down = new byte[300_000];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        pair.link.loss = 0.05;
        pair.link.reordering = 0.05;
        int[] sentUp = {0};
        int[] sentDown = {0};
        long upAddress = pair.bytes(up);
        long downAddress = pair.bytes(down);
        pair.runUntil(() -> {
            while (sentUp[0] < up.length && c.sendReference(upAddress + sentUp[0], Math.min(8192, up.length - sentUp[0]))) {
                sentUp[0] += Math.min(8192, up.length - sentUp[0]);
            }
            while (sentDown[0] < down.length && s.sendReference(downAddress + sentDown[0], Math.min(8192, down.length - sentDown[0]))) {
                sentDown[0] += Math.min(8192, down.length - sentDown[0]);
            }
            return serverApp.received(s.slot()).length == up.length && clientApp.received(c.slot()).length == down.length;
        }, 120_000);
        assertArrayEquals(up, serverApp.received(s.slot()));
        assertArrayEquals(down, clientApp.received(c.slot()));
        assertTrue(Integer.compareUnsigned(((Connection) c).sndUna, 0x10000000) < 0, "client sequence wrapped");
        assertTrue(Integer.compareUnsigned(((Connection) s).sndUna, 0x10000000) < 0, "server sequence wrapped");
        assertTrue(pair.client.counters().retransmitsFast + pair.server.counters().retransmitsFast > 0);
        pair.link.loss = 0;
        pair.link.reordering = 0;
    }
}
