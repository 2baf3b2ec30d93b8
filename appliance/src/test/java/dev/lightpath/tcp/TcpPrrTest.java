package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Proportional Rate Reduction (RFC 6937) on a 10 ms path: one loss in a large window, and what the sender does
 * with each ACK of the recovery that follows. Setting cwnd to ssthresh at once (as before PRR) leaves the
 * sender silent until the pipe has drained below ssthresh, then lets it go; PRR sends about ssthresh/flight of a
 * segment per segment delivered from the first ACK on, never a burst, and ends the recovery at ssthresh.
 */
@Timeout(60)
class TcpPrrTest extends DelayedPathFixture {

    @Test
    void recoverySendsAboutOneSegmentPerAckAndEndsAtSsthresh() {
        // A receive window far above the flight, so that what limits the sending in recovery is PRR alone, not
        // the window the hole holds at its left edge.
        TcpConfig config = TcpPair.config();
        config.receiveWindow = 4 << 20;
        pair = new TcpPair(config, 21);
        path = new DelayedPath(pair, 5);
        pair.server.listen(PORT, serverApp, 16);
        Connection c = (Connection) pair.client.connect(TcpPair.SERVER_IP, PORT, TcpPair.CLIENT_IP, 40000,
            new RecordingHandler());
        path.runUntil(() -> c.state == TcpState.ESTABLISHED && !serverApp.opened.isEmpty(), 1_000);
        int mss = c.sndMss;
        byte[] data = new byte[400 * mss];
        new Random(22).nextBytes(data);
        int lost = c.sndNxt + 120 * mss;
        boolean[] dropped = {false};
        path.drop = s -> s.source() == TcpPair.CLIENT_IP && s.sequence() == lost && s.payload() > 0 && !dropped[0]
            && (dropped[0] = true);
        // Per ACK of the recovery: data segments the client sent in answer.
        List<Integer> sentPerAck = new ArrayList<>();
        int[] queuedBefore = {0};
        int[] flightAtStart = {0};
        int[] ssthreshAtEnd = {-1};
        int[] cwndAtEnd = {-1};
        path.beforeDelivery = s -> queuedBefore[0] = pair.link.queue.size();
        path.afterDelivery = s -> {
            if (s.destination() != TcpPair.CLIENT_IP) {
                return;
            }
            if (c.inRecovery) {
                if (flightAtStart[0] == 0) {
                    flightAtStart[0] = c.prrRecoverFs;
                    sentPerAck.add(0);
                }
                int sent = 0;
                for (int i = queuedBefore[0]; i < pair.link.queue.size(); i++) {
                    if (pair.link.queue.get(i).payload() > 0) {
                        sent++;
                    }
                }
                sentPerAck.add(sent);
            } else if (flightAtStart[0] != 0 && ssthreshAtEnd[0] < 0) {
                ssthreshAtEnd[0] = c.ssthresh;
                cwndAtEnd[0] = c.cwnd;
            }
        };
        assertTrue(c.sendReference(pair.bytes(data), data.length));
        path.runUntil(() -> serverApp.received(serverApp.opened.get(0).slot()).length == data.length, 5_000);
        assertEquals(data.length, serverApp.received(serverApp.opened.get(0).slot()).length);
        assertEquals(0, pair.client.counters().retransmitsTimeout);
        assertEquals(1, pair.client.counters().retransmitsFast);

        sentPerAck.remove(0);
        int acks = sentPerAck.size();
        int total = sentPerAck.stream().mapToInt(Integer::intValue).sum();
        int firstQuarter = sentPerAck.subList(0, acks / 4).stream().mapToInt(Integer::intValue).sum();
        int most = sentPerAck.stream().mapToInt(Integer::intValue).max().orElse(0);
        String what = "per ACK " + sentPerAck + ", flight at start " + flightAtStart[0] / mss + " segments";
        assertTrue(acks >= 10, what);
        assertTrue(most <= 2, "no burst: " + what);
        double ratio = (double) total / acks;
        assertTrue(ratio > 0.5 && ratio <= 1.0, "CUBIC's 0.7 of a segment per segment delivered: " + what);
        assertTrue(firstQuarter >= acks / 8, "sending from the first ACKs on, not after the pipe drains: " + what);
        assertEquals(ssthreshAtEnd[0], cwndAtEnd[0], "recovery ends at ssthresh");
        assertEquals(Math.round(flightAtStart[0] * Cubic.BETA), ssthreshAtEnd[0], mss, "ssthresh 0.7 of the flight");
    }
}
