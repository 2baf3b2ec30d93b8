package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.echo.TcpEcho;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.testing.Allocations;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.lightpath.tcp.TcpPair.CLIENT_IP;
import static dev.lightpath.tcp.TcpPair.SERVER_IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Path MTU discovery over IPv4 (RFC 1191): a router's "fragmentation needed" about one of a connection's segments
 * lowers that connection's MSS, when the message names a live connection and a sequence number it has outstanding
 * (RFC 5927); forged ones change nothing and are counted.
 */
class PathMtuTest {
    private static final int ECHO_PORT = 7;
    private static final int CLIENT_PORT = 40000;
    /** The narrow link's MTU, below what a 1500-byte link's MSS fills. */
    private static final int PATH_MTU = 1200;

    /**
     * Both sides send through a router whose next link takes at most {@link #PATH_MTU} bytes: it drops every larger
     * segment and tells the sender, quoting 8 bytes of its TCP header as ICMP does. The echoed transfer completes
     * byte-exact, without waiting for a retransmission timeout (the resend follows the message at once), and every
     * segment either side sends once its MSS was lowered fits the path.
     */
    @Test
    void aTransferThroughANarrowerPathCompletesInSegmentsThatFitIt() {
        MemoryPool pool = new MemoryPool(8192);
        SimulatedClock clock = new SimulatedClock(1_000_000_000L);
        TestLink link = new TestLink(pool, 5);
        TcpStack[] stacks = new TcpStack[2];
        int[] tooLargeAfterLowering = new int[1];
        Ipv4Output output = (mbuf, source, destination, protocol) -> {
            TcpStack sender = source == CLIENT_IP ? stacks[0] : stacks[1];
            if (sender.counters().pmtuAccepted > 0 && 20 + Mbuf.dataLength(mbuf) > PATH_MTU) {
                tooLargeAfterLowering[0]++;
            }
            link.queue.add(new TestLink.Segment(mbuf, source, destination));
            return true;
        };
        TcpStack client = new TcpStack(TcpPair.config(), pool, output, clock, 1);
        TcpStack server = new TcpStack(TcpPair.config(), pool, output, clock, 2);
        stacks[0] = client;
        stacks[1] = server;
        link.attach(CLIENT_IP, client);
        link.attach(SERVER_IP, server);
        int[] routerDrops = new int[1];
        link.drop = segment -> {
            if (20 + Mbuf.dataLength(segment.mbuf()) <= PATH_MTU) {
                return false;
            }
            routerDrops[0]++;
            TcpStack sender = segment.source() == CLIENT_IP ? client : server;
            sender.packetTooBig(Mbuf.data(segment.mbuf()), 8, segment.source(), segment.destination(), PATH_MTU);
            return true;
        };
        try (Arena arena = Arena.ofConfined()) {
            int size = 300_000;
            byte[] content = new byte[size];
            new Random(3).nextBytes(content);
            long address = dev.lightpath.dpdk.NativeRegions.register(arena.allocate(size), "test memory").address();
            NativeMemory.copy(content, 0, address, size);
            server.listen(ECHO_PORT, new TcpEcho(16, 4, 256 * 1024), 16);
            BulkSender app = new BulkSender(address, size, 4096);
            TcpStream stream = client.connect(SERVER_IP, ECHO_PORT, CLIENT_IP, CLIENT_PORT, app);
            assertNotNull(stream);
            for (int t = 0; t < 30_000 && !(app.closedWith != null && server.activeConnections() == 0); t += 10) {
                clock.advance(10, TimeUnit.MILLISECONDS);
                client.poll(clock.nanos());
                server.poll(clock.nanos());
                link.deliver();
            }
            assertEquals(StreamHandler.CloseReason.NORMAL, app.closedWith);
            assertTrue(Arrays.equals(content, app.received.toByteArray()), "the echo is byte-exact");
            assertTrue(routerDrops[0] > 0, "the router had segments to refuse");
            assertTrue(client.counters().pmtuAccepted > 0, "the client lowered its MSS");
            assertTrue(server.counters().pmtuAccepted > 0, "the echo lowered its MSS");
            assertEquals(0, client.counters().pmtuRejected + server.counters().pmtuRejected);
            assertEquals(0, tooLargeAfterLowering[0], "segments sent after the MSS was lowered that exceed the path");
            assertEquals(0, client.counters().retransmitsTimeout + server.counters().retransmitsTimeout,
                    "the refused segments went again on the router's message, not on a timeout");
        } finally {
            link.dropAll();
            pool.close();
        }
    }

    /**
     * With data outstanding, messages that name no connection, a sequence number outside SND.UNA..SND.MAX, too short
     * a quote, a SYN, or an MTU below IPv4's 68 change nothing and are counted; the one that names the outstanding data is
     * taken, an MTU under 576 as 576.
     */
    @Test
    void forgedMessagesAreIgnoredAndCounted() {
        try (TcpPair pair = new TcpPair(TcpPair.config(), 9)) {
            RecordingHandler server = new RecordingHandler();
            pair.server.listen(80, server, 4);
            RecordingHandler app = new RecordingHandler();
            Connection c = (Connection) pair.client.connect(SERVER_IP, 80, CLIENT_IP, CLIENT_PORT, app);
            long quote = pair.bytes(new byte[TcpHeader.MIN_LENGTH]);
            TcpCounters counters = pair.client.counters();
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 8, 1200);
            assertEquals(1, counters.pmtuRejected, "a message about the SYN");
            pair.advance(10);
            assertEquals(TcpState.ESTABLISHED, c.state);
            int mss = c.sndMss;
            assertTrue(c.sendReference(pair.bytes(new byte[3 * mss]), 3 * mss));
            // The segments stay on the link: outstanding, SND.UNA below SND.MAX.
            assertTrue(Seq.lt(c.sndUna, c.sndMax));

            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna - 1, 8, 1200);
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndMax, 8, 1200);
            tooBig(pair, quote, CLIENT_PORT + 1, 80, c.sndUna, 8, 1200);
            tooBig(pair, quote, CLIENT_PORT, 81, c.sndUna, 8, 1200);
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 7, 1200);
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 8, 67);
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 8, 0);
            assertEquals(8, counters.pmtuRejected);
            assertEquals(0, counters.pmtuAccepted);
            assertEquals(mss, c.sndMss, "no forged message moved the MSS");

            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna + 100, 8, 1200);
            assertEquals(1, counters.pmtuAccepted);
            assertEquals(1200 - 40 - (c.tsOk ? 12 : 0), c.sndMss, "the MTU less the headers and the timestamp option");
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 8, 300);
            assertEquals(2, counters.pmtuAccepted);
            assertEquals(576 - 40 - (c.tsOk ? 12 : 0), c.sndMss, "an MTU under 576 taken as 576");
            tooBig(pair, quote, CLIENT_PORT, 80, c.sndUna, 8, 1400);
            assertEquals(576 - 40 - (c.tsOk ? 12 : 0), c.sndMss, "a larger MTU does not raise the MSS");
            assertEquals(8, counters.pmtuRejected);

            pair.runUntil(() -> c.sndUna == c.sndMax, 5_000);
            assertEquals(3 * mss, server.data.values().iterator().next().size(), "the data arrives in smaller pieces");
        }
    }

    /** Taking a valid message, and the resend it starts, allocates nothing. */
    @Test
    void takingAMessageAllocatesNothing() {
        MemoryPool pool = new MemoryPool(1024);
        SimulatedClock clock = new SimulatedClock(1_000_000_000L);
        TestLink link = new TestLink(pool, 5);
        // Once connected, what the client sends is dropped where it leaves: the link's records would allocate.
        boolean[] discard = new boolean[1];
        Ipv4Output output = (mbuf, source, destination, protocol) -> {
            if (discard[0]) {
                pool.free(mbuf);
            } else {
                link.queue.add(new TestLink.Segment(mbuf, source, destination));
            }
            return true;
        };
        TcpStack client = new TcpStack(TcpPair.config(), pool, output, clock, 1);
        TcpStack server = new TcpStack(TcpPair.config(), pool, output, clock, 2);
        link.attach(CLIENT_IP, client);
        link.attach(SERVER_IP, server);
        try (Arena arena = Arena.ofConfined()) {
            server.listen(80, new RecordingHandler(), 4);
            Connection c = (Connection) client.connect(SERVER_IP, 80, CLIENT_IP, CLIENT_PORT, new RecordingHandler());
            link.deliver();
            assertEquals(TcpState.ESTABLISHED, c.state);
            discard[0] = true;
            long data = dev.lightpath.dpdk.NativeRegions.register(arena.allocate(4096), "test memory").address();
            long quote = dev.lightpath.dpdk.NativeRegions.register(arena.allocate(TcpHeader.MIN_LENGTH), "test memory")
                    .address();
            assertTrue(c.sendReference(data, 4096));
            int[] mtu = {1400};
            long bytes = Allocations.fewestBytes(3, () -> {
                for (int i = 0; i < 20; i++) {
                    TcpHeader.write(quote, CLIENT_PORT, 80, c.sndUna, 0, 20, 0, 0);
                    client.packetTooBig(quote, 8, CLIENT_IP, SERVER_IP, mtu[0]--);
                }
            });
            assertTrue(client.counters().pmtuAccepted >= 20, "every round took its messages");
            assertEquals(0, bytes, "bytes allocated by messages and their resends");
        } finally {
            client.abortAll();
            server.abortAll();
            link.dropAll();
            pool.close();
        }
    }

    private static void tooBig(TcpPair pair, long quote, int localPort, int remotePort, int sequence, int quoted,
                               int mtu) {
        TcpHeader.write(quote, localPort, remotePort, sequence, 0, 20, 0, 0);
        pair.client.packetTooBig(quote, quoted, CLIENT_IP, SERVER_IP, mtu);
    }
}
