package dev.lightpath.tcp;

import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.lightpath.tcp.TcpState.*;
import static org.junit.jupiter.api.Assertions.*;

/** The send window when the peer shrinks it: never sent past, and ACKs the peer can still accept. */
class TcpWindowTest {
    static final int PORT = 80;

    final TcpPair pair = new TcpPair(TcpPair.config(), 10);
    final RecordingHandler clientApp = new RecordingHandler();
    final RecordingHandler serverApp = new RecordingHandler();

    {
        pair.server.listen(PORT, serverApp, 16);
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    int serverSlot() {
        for (int slot = 0; slot < pair.config.tableCapacity; slot++) {
            if (pair.server.state(slot) != CLOSED) {
                return slot;
            }
        }
        return -1;
    }

    TcpStream established() {
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
        pair.link.deliver();
        assertEquals(ESTABLISHED, pair.client.state(c.slot()));
        return c;
    }

    /**
     * The server shuts its window while the client's data is still arriving, so the client has sent past the
     * right edge. The client's ACKs of the server's data must still be acceptable to a zero window: numbered
     * at the edge, not at SND.MAX, or the server never learns its data arrived.
     */
    @Test
    void acksStayAcceptableWhenThePeerShrinksItsWindowToZero() {
        TcpStream c = established();
        TcpStream s = pair.server.stream(serverSlot());
        s.limitReceiveWindow(0);
        byte[] data = new byte[8000];
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        pair.link.deliver();
        Connection client = (Connection) c;
        assertEquals(0, client.sndWnd, "the server's ACK shut the window");
        assertTrue(Seq.gt(client.sndMax, client.sndUna), "the client had sent past the edge");
        byte[] reply = new byte[3000];
        assertTrue(s.sendReference(pair.bytes(reply), reply.length));
        pair.link.deliver();
        assertEquals(reply.length, clientApp.received(c.slot()).length);
        Connection server = (Connection) s;
        // The last segment's ACK is delayed (40 ms); well before any retransmission timeout.
        pair.runUntil(() -> server.sndUna == server.sndMax, 100);
        assertEquals(server.sndMax, server.sndUna, "the client's ACK was accepted by the zero window");
        assertEquals(0, pair.server.counters().retransmitsTimeout);
        s.limitReceiveWindow(Integer.MAX_VALUE);
        pair.runUntil(() -> serverApp.received(s.slot()).length == data.length, 5_000);
        assertEquals(data.length, serverApp.received(s.slot()).length);
    }

    /**
     * A receiver that takes data but holds the right edge of its window still (as the echo does while its
     * backlog fills): each ACK moves SND.UNA up and shrinks the window by as much. The sender refills from
     * onSendSpace inside ACK processing; with the old window and the new SND.UNA it would send past the edge.
     */
    @Test
    void dataNeverGoesPastAWindowEdgeHeldStill() {
        TcpStream c = established();
        Connection server = (Connection) pair.server.stream(serverSlot());
        int edge = server.rcvNxt + 20_000;
        server.limitReceiveWindow(20_000);
        byte[] chunk = new byte[4096];
        long address = pair.bytes(chunk);
        int[] queued = {0};
        // Refills until the queue refuses, so every ACK that frees an entry refills inside ACK processing.
        StreamHandler refill = new RecordingHandler() {
            @Override
            public void onSendSpace(TcpStream stream) {
                while (stream.sendReference(address, chunk.length)) {
                    queued[0] += chunk.length;
                }
            }
        };
        ((Connection) c).handler = refill;
        StreamHandler holdEdge = new RecordingHandler() {
            @Override
            public void onData(TcpStream stream, long a, int length) {
                super.onData(stream, a, length);
                stream.limitReceiveWindow(edge - ((Connection) stream).rcvNxt);
            }
        };
        server.handler = holdEdge;
        List<String> pastEdge = new ArrayList<>();
        pair.link.drop = seg -> {
            if (seg.source() == TcpPair.CLIENT_IP && seg.payload() > 0
                && Seq.gt(seg.sequence() + seg.payload(), edge)) {
                pastEdge.add((seg.sequence() - edge) + "+" + seg.payload());
            }
            return false;
        };
        while (queued[0] < 64 * 1024 && c.sendReference(address, chunk.length)) {
            queued[0] += chunk.length;
        }
        ((Connection) c).sendWasFull = true;
        pair.runUntil(() -> server.rcvNxt == edge, 2_000);
        assertEquals(edge, server.rcvNxt, "the window was filled to its edge");
        assertEquals(List.of(), pastEdge, "segments past the edge (offset+length)");
        pair.runUntil(() -> false, 100);
        assertEquals(0, ((Connection) c).sndWnd, "the last ACK shut the window");
    }

    /**
     * An out-of-order segment that starts inside the window and ends past its right edge is held only up to the
     * edge: once the hole fills, the application gets what it offered room for and no byte more.
     */
    @Test
    void outOfOrderTextPastTheRightEdgeIsTrimmedBeforeItIsHeld() {
        TcpStream c = established();
        Connection s = (Connection) pair.server.stream(serverSlot());
        s.limitReceiveWindow(1200);
        pair.link.dropAll();
        int base = s.rcvNxt;
        TcpSackTest.inject(pair, c.localPort(), base + 500, s.sndNxt, 1000);
        assertEquals(700, s.oooBytes, "held up to the right edge, 1200 bytes from RCV.NXT");
        pair.link.dropAll();
        TcpSackTest.inject(pair, c.localPort(), base, s.sndNxt, 500);
        assertEquals(base + 1200, s.rcvNxt);
        assertEquals(1200, serverApp.received(s.slot()).length, "the window's 1200 bytes, not 1500");
        pair.link.dropAll();
    }

    /**
     * A peer that holds its window at 16 kB sets the pace, not the path: the congestion window stops growing at
     * twice the flight it is given (RFC 7661), so when the window opens to the full 256 kB the next round sends
     * what the path has shown it carries, not a window the ACKs of a throttled flight have inflated unchecked.
     */
    @Test
    void aWindowHeldByThePeerDoesNotInflateCwndNorBurstWhenItOpens() {
        TcpStream c = established();
        TcpStream s = pair.server.stream(serverSlot());
        int held = 16 * 1024;
        s.limitReceiveWindow(held);
        byte[] data = new byte[2_000_000];
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        Connection client = (Connection) c;
        for (int round = 0; round < 40; round++) {
            roundTrip();
        }
        assertTrue(client.sndUna - client.iss > 10 * held, "data flowed: " + client);
        assertTrue(client.cwnd <= 2 * held + 2 * client.sndMss, "cwnd held near the flight it was given: " + client);
        assertTrue(pair.client.counters().windowNotInUse > 0);

        s.limitReceiveWindow(Integer.MAX_VALUE);
        roundTrip();
        assertTrue(client.sndWnd > 8 * held, "the window opened: " + client);
        assertTrue(client.sndMax - client.sndUna <= 2 * held + 2 * client.sndMss,
                "its opening lets out cwnd, not the window: " + client);
    }

    /** 10 ms pass (the stacks' timers run) and what was in flight arrives; the answers wait for the next. */
    private void roundTrip() {
        pair.clock.advance(10, java.util.concurrent.TimeUnit.MILLISECONDS);
        pair.client.poll(pair.clock.nanos());
        pair.server.poll(pair.clock.nanos());
        pair.link.deliverRound();
    }
}
