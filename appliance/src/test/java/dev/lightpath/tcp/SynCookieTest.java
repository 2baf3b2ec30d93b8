package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SYN cookies against a forger: every bit of the cookie the server trusts later is under its MAC, and whatever a
 * handshake negotiates, no segment the server builds is larger than its packet buffers hold. The attack this
 * guards against: a cookie ACK with the MSS index changed to 9000 once made the server copy 9000 bytes into
 * 2048-byte mbufs.
 */
@Timeout(30)
class SynCookieTest {
    static final int PORT = 80;
    static final int PEER_ISN = 5000;

    final TcpConfig serverConfig = TcpPair.config();
    TcpPair pair;
    final Arena arena = Arena.ofConfined();
    final RecordingHandler clientApp = new RecordingHandler();
    /** Sends {@code response} as soon as a connection opens. */
    final RecordingHandler serverApp = new RecordingHandler() {
        @Override
        public void onOpen(TcpStream stream) {
            super.onOpen(stream);
            if (response != 0) {
                assertTrue(stream.sendReference(response, RESPONSE_LENGTH));
            }
        }
    };
    static final int RESPONSE_LENGTH = 100_000;
    long response;

    void start() {
        pair = new TcpPair(TcpPair.config(), serverConfig, 7);
        // A backlog of one, filled by a SYN that is never answered: every later SYN gets a cookie.
        pair.server.listen(PORT, serverApp, 1);
        syn(1000, 77, 1460);
        pair.link.dropAll();
        assertEquals(1, pair.server.halfOpen(PORT));
    }

    @AfterEach
    void tearDown() {
        if (pair != null) {
            pair.close();
        }
        arena.close();
    }

    void syn(int sourcePort, int seq, int mss) {
        long m = pair.pool.allocate();
        long a = Mbuf.data(m);
        int n = TcpOptions.writeMss(a + 20, mss);
        TcpHeader.write(a, sourcePort, PORT, seq, 0, 20 + n, TcpHeader.SYN, 65535);
        Mbuf.length(m, 20 + n);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }

    void ack(int sourcePort, int seq, int ack) {
        long m = pair.pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, sourcePort, PORT, seq, ack, 20, TcpHeader.ACK, 65535);
        Mbuf.length(m, 20);
        pair.server.receive(m, TcpPair.CLIENT_IP, TcpPair.SERVER_IP);
    }

    /** The one segment the server has sent since the last call: its sequence number (the cookie, for a SYN-ACK). */
    int takeSynAck() {
        assertEquals(1, pair.link.queue.size());
        TestLink.Segment s = pair.link.queue.remove(0);
        long a = Mbuf.data(s.mbuf());
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, TcpHeader.flags(a));
        int cookie = TcpHeader.sequence(a);
        pair.pool.free(s.mbuf());
        return cookie;
    }

    /** Frees what the server sent; fails if any segment is longer than a buffer or carries more than {@code mss}. */
    int drainServerSegments(int mss) {
        int payload = 0;
        while (!pair.link.queue.isEmpty()) {
            TestLink.Segment s = pair.link.queue.remove(0);
            long a = Mbuf.data(s.mbuf());
            int length = Mbuf.dataLength(s.mbuf());
            assertTrue(length <= pair.pool.dataRoom(), "a " + length + "-byte segment in a " + pair.pool.dataRoom() + "-byte buffer");
            int data = length - TcpHeader.headerLength(a);
            assertTrue(data <= mss, data + " bytes of payload above the MSS " + mss);
            payload += data;
            pair.pool.free(s.mbuf());
        }
        return payload;
    }

    @Test
    void aCookieWhoseMssIndexIsChangedFailsItsMacAndOpensNothing() {
        start();
        syn(2000, PEER_ISN, 1460);
        int cookie = takeSynAck();
        int index = (cookie >>> 24) & 7;
        assertEquals(1460, SynCookies.MSS[index], "the peer's MSS, rounded down to the table");
        for (int forged = 0; forged < 8; forged++) {
            if (forged == index) {
                continue;
            }
            ack(2000, PEER_ISN + 1, (cookie & ~(7 << 24) | forged << 24) + 1);
        }
        assertEquals(7, pair.server.counters().synCookiesFailed);
        assertEquals(0, pair.server.counters().synCookiesValidated);
        assertEquals(1, pair.server.activeConnections(), "only the half-open connection that filled the backlog");
        assertEquals(7, pair.link.queue.size(), "each forgery answered by a reset");
        pair.link.dropAll();
        ack(2000, PEER_ISN + 1, cookie + 1);
        assertEquals(1, pair.server.counters().synCookiesValidated);
        assertEquals(2, pair.server.activeConnections());
    }

    @Test
    void aCookieChangedInItsTimeOrForAnotherPeerIsnFails() {
        start();
        syn(2000, PEER_ISN, 1460);
        int cookie = takeSynAck();
        ack(2000, PEER_ISN + 1, (cookie ^ 1 << 27) + 1);
        ack(2000, PEER_ISN + 2, cookie + 1);
        ack(2001, PEER_ISN + 1, cookie + 1);
        assertEquals(3, pair.server.counters().synCookiesFailed);
        assertEquals(0, pair.server.counters().synCookiesValidated);
        pair.link.dropAll();
    }

    @Test
    void aJumboMssThroughACookieNeverOutgrowsTheBuffers() {
        serverConfig.mss = 9000;
        start();
        response = NativeRegions.register(arena.allocate(RESPONSE_LENGTH), "test memory").address();
        syn(2000, PEER_ISN, 9000);
        int cookie = takeSynAck();
        ack(2000, PEER_ISN + 1, cookie + 1);
        assertEquals(1, pair.server.counters().synCookiesValidated);
        int sent = drainServerSegments(pair.pool.dataRoom());
        assertTrue(sent > 0, "the response starts at once");
        assertEquals(0, pair.server.counters().segmentsCut, "the MSS was clamped before any builder had to cut");
    }

    @Test
    void aJumboMssThroughAFullHandshakeIsClampedToTheBuffers() {
        serverConfig.mss = 9000;
        pair = new TcpPair(TcpPair.config(), serverConfig, 7);
        pair.server.listen(PORT, serverApp, 16);
        response = NativeRegions.register(arena.allocate(RESPONSE_LENGTH), "test memory").address();
        syn(2000, PEER_ISN, 9000);
        int isn = takeSynAck();
        ack(2000, PEER_ISN + 1, isn + 1);
        assertEquals(1, serverApp.opened.size());
        int sent = drainServerSegments(pair.pool.dataRoom());
        assertTrue(sent > 2048, "segments as large as the buffers allow, several in the initial window: " + sent);
        Connection c = (Connection) serverApp.opened.get(0);
        assertTrue(c.sndMss < pair.pool.dataRoom() - 40, "sndMss " + c.sndMss);
        assertEquals(0, pair.server.counters().segmentsCut);
    }

    @Test
    void theMssAnnouncedIsWhatTheBuffersCanReceive() {
        serverConfig.mss = 9000;
        pair = new TcpPair(TcpPair.config(), serverConfig, 7);
        pair.server.listen(PORT, serverApp, 16);
        syn(2000, PEER_ISN, 1460);
        TestLink.Segment s = pair.link.queue.remove(0);
        long a = Mbuf.data(s.mbuf());
        TcpOptions options = new TcpOptions();
        assertTrue(options.parse(a + 20, TcpHeader.headerLength(a) - 20));
        assertTrue(options.mss + 20 + 20 + 14 <= pair.pool.dataRoom(), "announced " + options.mss);
        pair.pool.free(s.mbuf());
        pair.link.dropAll();
    }
}
