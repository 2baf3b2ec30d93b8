package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static dev.lightpath.tcp.TcpState.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An off-path or misbehaving peer against the server: forged segments from the client's address and port on a
 * live connection (RFC 5961 blind RST, SYN and data injection), conflicting retransmissions, and SYN options
 * meant to make us send tiny segments or shift the window past 2^30. After each attack the connection either
 * survives and still carries data both ways, or closes exactly as the RFC says.
 */
@Timeout(30)
class TcpAttackTest {
    static final int PORT = 80;

    final TcpPair pair = new TcpPair(TcpPair.config(), 21);
    final RecordingHandler clientApp = new RecordingHandler();
    final RecordingHandler serverApp = new RecordingHandler();

    {
        pair.server.listen(PORT, serverApp, 16);
    }

    @AfterEach
    void tearDown() {
        pair.close();
    }

    TcpStream established() {
        TcpStream c = pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000, clientApp);
        pair.link.deliver();
        assertEquals(ESTABLISHED, pair.client.state(c.slot()));
        assertEquals(1, serverApp.opened.size());
        return c;
    }

    Connection server() {
        return (Connection) serverApp.opened.get(0);
    }

    /** A forged segment from the client's address and {@code sourcePort}, straight into the server. */
    void forge(int sourcePort, int seq, int ack, int flags, byte[] payload) {
        forgeWithOptions(sourcePort, seq, ack, flags, payload, new byte[0]);
    }

    void forgeWithOptions(int sourcePort, int seq, int ack, int flags, byte[] payload, byte[] options) {
        long m = pair.pool.allocate();
        long a = Mbuf.data(m);
        int header = 20 + options.length;
        TcpHeader.write(a, sourcePort, PORT, seq, ack, header, flags, 65535);
        NativeMemory.copy(options, 0, a + 20, options.length);
        NativeMemory.copy(payload, 0, a + header, payload.length);
        Mbuf.length(m, header + payload.length);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The server's answer now in flight: exactly one pure ACK of RCV.NXT numbered SND.NXT. Consumed. */
    void assertOneAckFromServer(Connection s) {
        assertEquals(1, pair.link.queue.size(), "one answer");
        TestLink.Segment answer = pair.link.queue.remove(0);
        long a = Mbuf.data(answer.mbuf());
        assertEquals(TcpHeader.ACK, TcpHeader.flags(a) & ~TcpHeader.PSH);
        assertEquals(s.rcvNxt, TcpHeader.acknowledgment(a));
        assertEquals(s.sndNxt, TcpHeader.sequence(a));
        assertEquals(0, answer.payload());
        pair.pool.free(answer.mbuf());
    }

    /** The connection still works: a request one way and a response the other, byte-exact. */
    void assertStillCarriesData(TcpStream c) {
        Connection s = server();
        int before = serverApp.received(s.slot()).length;
        byte[] request = ascii("still here?");
        assertEquals(request.length, c.sendCopy(pair.bytes(request), request.length));
        pair.link.deliver();
        byte[] got = serverApp.received(s.slot());
        assertEquals("still here?", new String(got, before, got.length - before, StandardCharsets.US_ASCII));
        byte[] response = ascii("yes");
        int had = clientApp.received(c.slot()).length;
        assertEquals(response.length, s.sendCopy(pair.bytes(response), response.length));
        pair.link.deliver();
        byte[] back = clientApp.received(c.slot());
        assertEquals("yes", new String(back, had, back.length - had, StandardCharsets.US_ASCII));
    }

    @Test
    void blindResetInWindowButNotExactEarnsChallengeAckAndTheConnectionSurvives() {
        TcpStream c = established();
        Connection s = server();
        long challenges = pair.server.counters().challengeAcksSent;
        forge(c.localPort(), s.rcvNxt + 1, 0, TcpHeader.RST, new byte[0]);
        assertEquals(ESTABLISHED, pair.server.state(s.slot()));
        assertEquals(challenges + 1, pair.server.counters().challengeAcksSent);
        assertEquals(0, pair.server.counters().resetsReceived);
        assertOneAckFromServer(s);
        forge(c.localPort(), s.rcvNxt + 30_000, 0, TcpHeader.RST | TcpHeader.ACK, new byte[0]);
        assertEquals(ESTABLISHED, pair.server.state(s.slot()));
        assertEquals(challenges + 2, pair.server.counters().challengeAcksSent);
        pair.link.dropAll();
        assertTrue(serverApp.closed.isEmpty());
        assertStillCarriesData(c);
    }

    @Test
    void resetAtExactlyRcvNxtIsAccepted() {
        TcpStream c = established();
        Connection s = server();
        forge(c.localPort(), s.rcvNxt, 0, TcpHeader.RST, new byte[0]);
        assertEquals(CLOSED, pair.server.state(s.slot()));
        assertEquals(1, pair.server.counters().resetsReceived);
        assertEquals(StreamHandler.CloseReason.RESET_BY_PEER, serverApp.closed.get(0));
        assertTrue(pair.link.queue.isEmpty(), "nothing answers an accepted RST");
        assertEquals(0, pair.server.activeConnections());
    }

    @Test
    void blindSynOnAnEstablishedConnectionEarnsChallengeAck() {
        TcpStream c = established();
        Connection s = server();
        long challenges = pair.server.counters().challengeAcksSent;
        for (int offset : new int[] {0, 7, 60_000, -5}) {
            forge(c.localPort(), s.rcvNxt + offset, 0, TcpHeader.SYN, new byte[0]);
            assertEquals(ESTABLISHED, pair.server.state(s.slot()), "SYN at RCV.NXT + " + offset);
            pair.link.dropAll();
        }
        assertTrue(pair.server.counters().challengeAcksSent > challenges, "challenged");
        assertEquals(1, serverApp.opened.size(), "no second connection");
        assertTrue(serverApp.closed.isEmpty());
        assertStillCarriesData(c);
    }

    @Test
    void dataOutsideTheWindowIsDroppedAndAcked() {
        TcpStream c = established();
        Connection s = server();
        int rcvNxt = s.rcvNxt;
        forge(c.localPort(), rcvNxt + 10_000_000, s.sndNxt, TcpHeader.ACK | TcpHeader.PSH, ascii("GET /evil"));
        assertEquals(rcvNxt, s.rcvNxt);
        assertEquals(0, serverApp.received(s.slot()).length, "not delivered");
        assertOneAckFromServer(s);
        forge(c.localPort(), rcvNxt - 100_000, s.sndNxt, TcpHeader.ACK | TcpHeader.PSH, ascii("GET /old"));
        assertEquals(0, serverApp.received(s.slot()).length, "an old duplicate is not delivered either");
        assertOneAckFromServer(s);
        assertEquals(0, s.oooCount, "nothing held for later");
        assertStillCarriesData(c);
    }

    @Test
    void ackForUnsentDataIsDroppedWithItsPayloadAndAnswered() {
        TcpStream c = established();
        Connection s = server();
        int sndUna = s.sndUna;
        long challenges = pair.server.counters().challengeAcksSent;
        forge(c.localPort(), s.rcvNxt, s.sndMax + 50_000, TcpHeader.ACK | TcpHeader.PSH, ascii("injected"));
        assertEquals(0, serverApp.received(s.slot()).length, "the payload of an unacceptable ACK is dropped too");
        assertEquals(sndUna, s.sndUna, "nothing acknowledged");
        assertEquals(challenges + 1, pair.server.counters().challengeAcksSent);
        assertOneAckFromServer(s);
        assertStillCarriesData(c);
    }

    @Test
    void aRetransmissionWithDifferentBytesDoesNotChangeWhatWasDelivered() {
        TcpStream c = established();
        Connection s = server();
        int start = s.rcvNxt;
        forge(c.localPort(), start, s.sndNxt, TcpHeader.ACK, ascii("AAAA"));
        forge(c.localPort(), start, s.sndNxt, TcpHeader.ACK, ascii("BBBBCCCC"));
        assertEquals("AAAACCCC", new String(serverApp.received(s.slot()), StandardCharsets.US_ASCII),
                "bytes already received win; only the new tail is taken");
        pair.link.dropAll();
    }

    /**
     * Two out-of-order segments that overlap with different bytes, then the hole fills. As documented in
     * {@code package-info}: bytes come from the lowest-sequence segment first, and of segments starting at the
     * same sequence number, the one received first.
     */
    @Test
    void overlappingOutOfOrderSegmentsWithConflictingBytes() {
        TcpStream c = established();
        Connection s = server();
        int start = s.rcvNxt;
        int ack = s.sndNxt;
        // Same start: first received wins, the longer second one adds only its tail.
        forge(c.localPort(), start + 10, ack, TcpHeader.ACK, ascii("XXXXXXXXXX"));
        forge(c.localPort(), start + 10, ack, TcpHeader.ACK, ascii("YYYYYYYYYYYYYYY"));
        // Lower start, received later: its bytes come first, so it wins where it overlaps the higher one.
        forge(c.localPort(), start + 30, ack, TcpHeader.ACK, ascii("PPPPP"));
        forge(c.localPort(), start + 25, ack, TcpHeader.ACK, ascii("QQQQQQQQQQ"));
        assertEquals(0, serverApp.received(s.slot()).length, "all held behind the hole");
        forge(c.localPort(), start, ack, TcpHeader.ACK, ascii("0123456789"));
        assertEquals("0123456789" + "XXXXXXXXXX" + "YYYYY" + "QQQQQQQQQQ",
                new String(serverApp.received(s.slot()), StandardCharsets.US_ASCII));
        assertEquals(start + 35, s.rcvNxt);
        assertEquals(0, s.oooCount, "every held mbuf released");
        // (In-window bytes a forger gets accepted move RCV.NXT past what the real client sent: that is TCP
        // without authentication, which RFC 5961 does not claim to prevent for data that lands in the window.)
        pair.link.dropAll();
    }

    /** A SYN from a new port straight to the listener, with the given options; returns the half-open slot. */
    Connection synWithOptions(int sourcePort, byte[] options) {
        forgeWithOptions(sourcePort, 1_000_000, 0, TcpHeader.SYN, new byte[0], options);
        for (int slot = 0; slot < pair.serverConfig.tableCapacity; slot++) {
            if (pair.server.state(slot) == SYN_RECEIVED) {
                return (Connection) pair.server.stream(slot);
            }
        }
        throw new AssertionError("no half-open connection");
    }

    static byte[] option(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    @Test
    void tinyMssIsClampedTo64() {
        Connection s = synWithOptions(5000, option(TcpOptions.MSS, 4, 0, 8));
        assertEquals(TcpOptions.MIN_MSS, s.sndMss, "an MSS of 8 would mean 40 bytes of header per 8 of data");
        // Complete the handshake and make the server send.
        TestLink.Segment synAck = pair.link.queue.remove(0);
        int serverIsn = TcpHeader.sequence(Mbuf.data(synAck.mbuf()));
        pair.pool.free(synAck.mbuf());
        forge(5000, 1_000_001, serverIsn + 1, TcpHeader.ACK, new byte[0]);
        assertEquals(ESTABLISHED, pair.server.state(s.slot()));
        byte[] response = new byte[1000];
        assertEquals(response.length, s.sendCopy(pair.bytes(response), response.length));
        int total = 0;
        while (!pair.link.queue.isEmpty()) {
            TestLink.Segment segment = pair.link.queue.remove(0);
            // The initial window is 10 segments of 64 bytes, less than the 1000 queued: every one is full.
            assertEquals(TcpOptions.MIN_MSS, segment.payload());
            total += segment.payload();
            pair.pool.free(segment.mbuf());
        }
        assertEquals(10 * TcpOptions.MIN_MSS, total);
    }

    @Test
    void windowScaleAbove14IsClampedTo14() {
        Connection s = synWithOptions(5001, option(TcpOptions.WINDOW_SCALE, 3, 200, TcpOptions.NOP));
        assertEquals(TcpOptions.MAX_WINDOW_SCALE, s.sndShift);
        pair.link.dropAll();
        Connection t = synWithOptions(5002, option(TcpOptions.WINDOW_SCALE, 3, 15, TcpOptions.NOP));
        assertEquals(TcpOptions.MAX_WINDOW_SCALE, t.sndShift);
        pair.link.dropAll();
    }
}
