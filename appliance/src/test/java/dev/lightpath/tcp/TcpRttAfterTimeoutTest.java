package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The RTO after a timeout whose retransmission's ACK was lost. The peer answers the next retransmission (below
 * its RCV.NXT) echoing the timestamp of the earlier one, so "now minus echo" spans the whole backoff. Taking that
 * as an RTT sample raised SRTT by each backoff in turn, and under steady loss the RTO climbed to its maximum.
 */
@Timeout(30)
class TcpRttAfterTimeoutTest {
    @Test
    void anEchoFromBeforeTheLatestTimeoutIsNoRttSample() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 5)) {
            RecordingHandler serverApp = new RecordingHandler();
            RecordingHandler clientApp = new RecordingHandler();
            pair.server.listen(80, serverApp, 16);
            TcpStream c = pair.client.connect(TcpPair.SERVER_IP, 80, TcpPair.CLIENT_IP, 40000, clientApp);
            pair.advance(1);
            Connection s = (Connection) serverApp.opened.get(0);
            assertTrue(s.tsOk, "timestamps negotiated");
            // A few round trips so SRTT settles near the simulated path's few milliseconds.
            for (int i = 0; i < 5; i++) {
                assertEquals(100, s.sendCopy(pair.bytes(new byte[100]), 100));
                pair.advance(10);
            }
            long settled = s.rto;
            assertEquals(pair.config.minRtoNanos, settled, "RTO at its floor on a fast path");

            // The data segment is lost, then the ACK of its first retransmission.
            int[] dataSeen = {0};
            int[] acksFromClient = {0};
            pair.link.drop = segment -> {
                if (segment.source() == TcpPair.SERVER_IP && segment.payload() > 0) {
                    return dataSeen[0]++ == 0;
                }
                if (segment.source() == TcpPair.CLIENT_IP && dataSeen[0] >= 2
                        && (segment.flags() & TcpHeader.ACK) != 0) {
                    return acksFromClient[0]++ == 0;
                }
                return false;
            };
            assertEquals(100, s.sendCopy(pair.bytes(new byte[100]), 100));
            pair.runUntil(() -> s.sndUna == s.sndMax, 10_000);
            assertEquals(s.sndMax, s.sndUna, "delivered in the end");
            assertEquals(3, dataSeen[0], "sent, resent once (ACK lost), resent again (ACKed)");
            assertEquals(600, clientApp.received(c.slot()).length);
            assertTrue(s.rto > settled, "backed off, and kept until a valid sample (RFC 6298 5.7)");
            // One clean exchange: a true sample ends the backoff. Had the backoff been sampled as an RTT, SRTT
            // and RTTVAR would hold it and the RTO would stay near 400 ms.
            pair.link.drop = segment -> false;
            assertEquals(100, s.sendCopy(pair.bytes(new byte[100]), 100));
            pair.runUntil(() -> s.sndUna == s.sndMax, 1_000);
            assertEquals(s.sndMax, s.sndUna);
            assertTrue(s.rto < TimeUnit.MILLISECONDS.toNanos(300),
                    "the backoff is not an RTT: RTO " + s.rto / 1_000_000 + " ms");
        }
    }
}
