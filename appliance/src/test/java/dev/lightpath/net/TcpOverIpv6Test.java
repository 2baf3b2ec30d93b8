package dev.lightpath.net;

import dev.lightpath.testing.Allocations;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpState;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP over IPv6 through the whole network layer and an in-memory cable, on a simulated clock: the appliance's stack
 * at one end and, at the other, a peer that writes its segments byte by byte and checks what comes back with its
 * own checksum code.
 */
class TcpOverIpv6Test {
    private static final long OUR_MAC = Ipv6StackTest.OUR_MAC;
    private static final long PEER_MAC = Ipv6StackTest.PEER_MAC;
    private static final long[] OURS = Ipv6StackTest.OURS;
    private static final long[] PEER = Ipv6StackTest.PEER;
    /** A router between us and the peer, behind the same MAC as the peer's. */
    private static final long[] ROUTER = Ipv6Address.parse("2001:db8::fe");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int SYN = TcpHeader.SYN;
    private static final int ACK = TcpHeader.ACK;
    private static final int RST = TcpHeader.RST;
    private static final int FIN = TcpHeader.FIN;
    private static final int PSH = 0x08;

    private final SimulatedClock clock = new SimulatedClock(100 * SECOND);
    private final MbufBurst burst = new MbufBurst();
    private final Echo server = new Echo();
    private MemoryPool pool;
    private MemoryPort peer;
    private NetStack net;
    private TcpStack tcp;

    /** Echoes what it receives and closes when the peer does; records what it was told. */
    private static final class Echo implements StreamHandler {
        final List<TcpStream> opened = new ArrayList<>();
        final List<CloseReason> closed = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void onOpen(TcpStream stream) {
            opened.add(stream);
        }

        @Override
        public void onData(TcpStream stream, long address, int length) {
            byte[] bytes = new byte[length];
            NativeMemory.copy(address, bytes, 0, length);
            received.writeBytes(bytes);
            stream.sendCopy(address, length);
        }

        @Override
        public void onSendSpace(TcpStream stream) {
        }

        @Override
        public void onPeerClosed(TcpStream stream) {
            stream.close();
        }

        @Override
        public void onClosed(TcpStream stream, CloseReason reason) {
            closed.add(reason);
        }
    }

    private static TcpConfig config() {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 16;
        return config;
    }

    /** The stack with TCP on it, listening on 80, its address through duplicate address detection, the peer known. */
    private void start(TcpConfig config, int backlog) {
        pool = new MemoryPool(1024);
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        peer = cable[1];
        InterfaceConfig interfaceConfig = new InterfaceConfig(OUR_MAC, Ipv4Address.parse("198.18.0.1"), 24, 0,
                EthernetFrame.UNTAGGED, 1500).withIpv6(new Ipv6Config(OURS[0], OURS[1], 64, 0, 0));
        net = new NetStack(interfaceConfig, NetSettings.defaults(), cable[0], 0, pool);
        tcp = new TcpStack(config, pool, net, clock, 7);
        net.register(TcpStack.PROTOCOL, tcp);
        tcp.listen(80, server, backlog);
        net.poll(clock.nanos());
        free(sent());
        clock.advanceNanos(SECOND);
        net.poll(clock.nanos());
        // The peer solicits our address with its own link-layer address: the stack learns it from that.
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6StackTest.OUR_GROUP_MAC, PEER, Ipv6StackTest.OUR_GROUP, 255, 58,
                0, Frames6.solicitation(OURS, PEER_MAC)));
        free(sent());
    }

    @AfterEach
    void tearDown() {
        tcp.abortAll();
        net.close();
        free(sent());
        assertEquals(pool.capacity(), pool.available(), "every mbuf is back in the pool");
        burst.close();
        pool.close();
    }

    @Test
    void handshakeEchoAndCloseOverIpv6WithChecksumsOverItsPseudoHeader() {
        start(config(), 0);
        deliver(segment(PEER, 40000, 80, 1000, 0, SYN, mss(1440)));
        Reply synAck = onlyReply();
        assertEquals(SYN | ACK, synAck.flags());
        assertEquals(1001, synAck.acknowledgment());
        assertEquals(1440, synAck.mssOption(), "the MSS a 1500-byte link leaves under a 40-byte IPv6 header");
        int iss = synAck.sequence();

        byte[] hello = "hello over IPv6".getBytes();
        deliver(segment(PEER, 40000, 80, 1001, iss + 1, ACK | PSH, new int[0], hello));
        assertEquals(1, server.opened.size());
        TcpStream stream = server.opened.get(0);
        assertTrue(stream.ipv6());
        assertEquals(PEER[0], stream.remoteAddressHigh());
        assertEquals(PEER[1], stream.remoteAddressLow());
        assertArrayEquals(hello, server.received.toByteArray());
        Reply echoed = onlyReply();
        assertArrayEquals(hello, echoed.payload(), "the echo, in one segment");
        assertEquals(1001 + hello.length, echoed.acknowledgment());

        int peerSeq = 1001 + hello.length;
        deliver(segment(PEER, 40000, 80, peerSeq, iss + 1 + hello.length, FIN | ACK));
        Reply fin = lastReply();
        assertTrue((fin.flags() & FIN) != 0, "the echo closes when its peer does");
        assertEquals(peerSeq + 1, fin.acknowledgment());
        deliver(segment(PEER, 40000, 80, peerSeq + 1, fin.sequence() + 1, ACK));
        assertEquals(List.of(StreamHandler.CloseReason.NORMAL), server.closed);
        assertEquals(0, tcp.activeConnections());
        assertEquals(4, tcp.counters().segmentsReceived6);
    }

    @Test
    void segmentsForNoConnectionAreResetOverIpv6() {
        start(config(), 0);
        deliver(segment(PEER, 40001, 81, 5000, 0, SYN));
        Reply refused = onlyReply();
        assertEquals(RST | ACK, refused.flags(), "a closed port refuses the SYN");
        assertEquals(5001, refused.acknowledgment());
        assertEquals(81, refused.sourcePort());

        deliver(segment(PEER, 40002, 80, 7000, 0x1234_5678, ACK));
        Reply reset = onlyReply();
        assertEquals(RST, reset.flags(), "an ACK to a listener for no connection");
        assertEquals(0x1234_5678, reset.sequence());
        assertEquals(0, tcp.activeConnections());
    }

    @Test
    void aSegmentWhoseChecksumFailsIsDroppedBeforeTcp() {
        start(config(), 0);
        long frame = segment(PEER, 40000, 80, 1000, 0, SYN);
        long checksum = Mbuf.data(frame) + 14 + 40 + 16;
        NativeMemory.putU16Be(checksum, NativeMemory.getU16Be(checksum) ^ 0x0100);
        deliver(frame);
        assertEquals(0, sent().size(), "no answer");
        assertEquals(1, net.counters().ipv6.dropChecksum);
        assertEquals(0, tcp.counters().segmentsReceived);
    }

    @Test
    void hostileSegmentsAreCountedAndNeverAnswered() {
        start(config(), 0);
        // A header that claims 60 bytes in a 20-byte segment.
        long lying = segment(PEER, 40000, 80, 1000, 0, SYN);
        long tcpHeader = Mbuf.data(lying) + 14 + 40;
        NativeMemory.putByte(tcpHeader + 12, 0xF0);
        refreshChecksum(lying, 20);
        deliver(lying);
        assertEquals(1, tcp.counters().badSegments);
        // Eight bytes of "TCP": too short for a header; dropped by the IPv6 layer before TCP sees it.
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 6, -1, 0x9c, 0x40, 0, 80, 0, 0, 0, 1));
        assertEquals(1, net.counters().ipv6.dropChecksum);
        // TCP to the all-nodes group: not for a connection-oriented transport.
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(Ipv6Address.ALL_NODES_LOW), PEER,
                new long[] {Ipv6Address.ALL_NODES_HIGH, Ipv6Address.ALL_NODES_LOW}, 64, 6, -1, new int[20]));
        assertEquals(0, sent().size(), "nothing answered any of them");
        assertEquals(0, tcp.activeConnections());
    }

    /** RFC 5961 over IPv6: an in-window RST that is not exact draws a challenge ACK; the exact one resets. */
    @Test
    void resetsInTheWindowAreChallengedAndTheExactOneCloses() {
        start(config(), 0);
        int iss = establish(40000, 1000);
        deliver(segment(PEER, 40000, 80, 1001 + 100, 0, RST));
        Reply challenge = onlyReply();
        assertEquals(ACK, challenge.flags(), "a challenge ACK");
        assertEquals(1001, challenge.acknowledgment());
        assertEquals(iss + 1, challenge.sequence());
        assertEquals(1, tcp.activeConnections());
        deliver(segment(PEER, 40000, 80, 1001, 0, RST));
        assertEquals(List.of(StreamHandler.CloseReason.RESET_BY_PEER), server.closed);
        assertEquals(0, tcp.activeConnections());
    }

    /**
     * Past the backlog a SYN is answered by a cookie; the cookie opens the connection from the address it was given
     * to, and not from one that differs only in the last bits, so the MAC covers all 128 bits of it.
     */
    @Test
    void synCookiesCoverTheWholeIpv6Address() {
        start(config(), 1);
        deliver(segment(PEER, 40000, 80, 1000, 0, SYN, mss(1440)));
        free(sent());
        deliver(segment(PEER, 40001, 80, 2000, 0, SYN, mss(1440)));
        Reply cookie = onlyReply();
        assertEquals(SYN | ACK, cookie.flags());
        assertEquals(1, tcp.counters().synCookiesSent);
        assertEquals(1440, cookie.mssOption());

        long[] neighbour = {PEER[0], PEER[1] ^ 1};
        deliver(segment(neighbour, 40001, 80, 2001, cookie.sequence() + 1, ACK));
        assertEquals(1, tcp.counters().synCookiesFailed, "the same cookie from another address of the /64");
        free(sent());
        deliver(segment(PEER, 40001, 80, 2001, cookie.sequence() + 1, ACK));
        assertEquals(1, tcp.counters().synCookiesValidated);
        assertEquals(2, tcp.activeConnections());
        assertTrue(server.opened.get(0).ipv6());
    }

    /** The fast path's rule over IPv6: in-order data on an established connection, and its ACKs, allocate nothing. */
    @Test
    void establishedDataOverIpv6AllocatesNothing() {
        start(config(), 0);
        long[] delivered = new long[1];
        tcp.listen(81, new StreamHandler() {
            @Override
            public void onOpen(TcpStream stream) {
            }

            @Override
            public void onData(TcpStream stream, long address, int length) {
                delivered[0] += length;
            }

            @Override
            public void onSendSpace(TcpStream stream) {
            }

            @Override
            public void onPeerClosed(TcpStream stream) {
            }

            @Override
            public void onClosed(TcpStream stream, CloseReason reason) {
            }
        }, 0);
        deliver(segment(PEER, 40000, 81, 1000, 0, SYN, mss(1440)));
        int iss = onlyReply().sequence();
        long template = segment(PEER, 40000, 81, 1001, iss + 1, ACK | PSH, new int[0], new byte[1000]);
        int[] seq = {1001};
        MbufBurst drained = new MbufBurst();
        Runnable rounds = () -> {
            for (int i = 0; i < 2_000; i++) {
                long mbuf = pool.allocate();
                int length = Mbuf.dataLength(template);
                NativeMemory.copy(Mbuf.data(template), Mbuf.data(mbuf), length);
                Mbuf.length(mbuf, length);
                long segment = Mbuf.data(mbuf) + 14 + 40;
                NativeMemory.putI32Be(segment + 4, seq[0]);
                NativeMemory.putU16Be(segment + 16, 0);
                long pseudo = Checksum.pseudoHeader6(PEER[0], PEER[1], OURS[0], OURS[1], 6, 1020);
                NativeMemory.putU16Be(segment + 16, Checksum.finish(Checksum.add(pseudo, segment, 1020)));
                seq[0] += 1000;
                clock.advanceNanos(10_000);
                deliver(mbuf);
                while (peer.receive(0, drained) > 0) {
                    pool.free(drained);
                }
            }
        };
        assertEquals(0, Allocations.fewestBytes(3, rounds), "bytes allocated by 2,000 segments over IPv6");
        assertTrue(delivered[0] >= 4_000_000, "every segment delivered in order: " + delivered[0]);
        pool.free(template);
        drained.close();
    }

    /** The three-way handshake from port {@code port} with ISN {@code peerIsn}; returns the server's ISN. */
    private int establish(int port, int peerIsn) {
        deliver(segment(PEER, port, 80, peerIsn, 0, SYN, mss(1440)));
        int iss = onlyReply().sequence();
        deliver(segment(PEER, port, 80, peerIsn + 1, iss + 1, ACK));
        assertEquals(0, sent().size());
        assertEquals(1, server.opened.size());
        return iss;
    }

    // ------------------------------------------------------------------------------------------ the peer's side

    /**
     * A router on the path answers the echo's full-sized segments with a Packet Too Big (RFC 4443 section 3.2) for a
     * 1280-byte link: messages quoting a sequence number that is not outstanding, an MTU below IPv6's minimum, or a
     * packet that is not ours change nothing; the genuine one lowers the MSS to 1280 - 60, and the outstanding data
     * goes again at once in segments that fit, byte-exact.
     */
    @Test
    void aPacketTooBigLowersTheMssAndTheOutstandingDataGoesAgainInSegmentsThatFit() {
        start(config(), 0);
        deliver(segment(PEER, 40000, 80, 1000, 0, SYN, mss(1440)));
        int iss = onlyReply().sequence();
        byte[] request = new byte[4 * 1440];
        new java.util.Random(4).nextBytes(request);
        for (int i = 0; i < 4; i++) {
            deliver(segment(PEER, 40000, 80, 1001 + i * 1440, iss + 1, ACK | PSH, new int[0],
                    Arrays.copyOfRange(request, i * 1440, (i + 1) * 1440)));
        }
        List<Reply> echoed = allReplies();
        Reply first = echoed.stream().filter(r -> r.payload().length > 0).findFirst().orElseThrow();
        assertEquals(1440, first.payload().length, "the echo fills the 1500-byte link");
        assertEquals(iss + 1, first.sequence());

        deliver(packetTooBig(first, iss, 1280));
        deliver(packetTooBig(first, iss + 1 + request.length, 1280));
        deliver(packetTooBig(first, iss + 1, 1279));
        assertEquals(3, tcp.counters().pmtuRejected);
        assertTrue(allReplies().isEmpty(), "nothing is resent on a forged or unusable message");
        long malformed = net.counters().ipv6.dropIcmpMalformed;
        deliver(packetTooBigQuoting(first, iss + 1, 1280, PEER));
        assertEquals(malformed + 1, net.counters().ipv6.dropIcmpMalformed, "a quote of a packet not ours");
        assertTrue(allReplies().isEmpty());

        deliver(packetTooBig(first, iss + 1, 1280));
        assertEquals(1, tcp.counters().pmtuAccepted);
        byte[] resent = new byte[request.length];
        int covered = 0;
        for (Reply r : allReplies()) {
            byte[] payload = r.payload();
            assertTrue(40 + r.tcp().capacity() <= 1280, "a resent segment of " + payload.length + " bytes fits the link");
            System.arraycopy(payload, 0, resent, r.sequence() - (iss + 1), payload.length);
            covered += payload.length;
        }
        assertEquals(request.length, covered, "everything outstanding went again, once");
        assertArrayEquals(request, resent, "byte-exact");
        deliver(segment(PEER, 40000, 80, 1001 + request.length, iss + 1 + request.length, ACK));
        byte[] more = new byte[1400];
        deliver(segment(PEER, 40000, 80, 1001 + request.length, iss + 1 + request.length, ACK | PSH, new int[0], more));
        List<Reply> later = allReplies();
        assertEquals(more.length, later.stream().mapToInt(r -> r.payload().length).sum());
        for (Reply r : later) {
            assertTrue(r.payload().length <= 1220, "later segments keep to the lowered MSS");
        }
    }

    /** A Packet Too Big from a router on the path, quoting {@code segment} with its sequence number set to {@code seq}. */
    private long packetTooBig(Reply segment, int seq, int mtu) {
        return packetTooBigQuoting(segment, seq, mtu, OURS);
    }

    private long packetTooBigQuoting(Reply segment, int seq, int mtu, long[] quotedSource) {
        byte[] tcpBytes = segment.tcp().array().clone();
        ByteBuffer.wrap(tcpBytes).putInt(4, seq);
        int quoted = Math.min(40 + tcpBytes.length, 1280 - 40 - 8);
        int[] body = new int[8 + quoted];
        body[0] = 2;
        for (int i = 0; i < 4; i++) {
            body[4 + i] = (mtu >>> (24 - 8 * i)) & 0xFF;
        }
        int[] header = Frames6.concat(new int[] {0x60, 0, 0, 0, tcpBytes.length >>> 8, tcpBytes.length & 0xFF, 6, 64},
                Frames6.concat(Frames6.bytes(quotedSource), Frames6.bytes(PEER)));
        System.arraycopy(header, 0, body, 8, 40);
        for (int i = 0; i < quoted - 40; i++) {
            body[48 + i] = tcpBytes[i] & 0xFF;
        }
        return Frames6.packet(pool, PEER_MAC, OUR_MAC, ROUTER, OURS, 64, Frames6.ICMPV6, 0, body);
    }

    private List<Reply> allReplies() {
        List<Reply> replies = new ArrayList<>();
        for (long[] frame : sent()) {
            replies.add(replyIn(List.of(frame)));
        }
        return replies;
    }

    private static int[] mss(int mss) {
        return new int[] {2, 4, mss >>> 8, mss & 0xFF};
    }

    /**
     * A load generator's connections from its IPv6 client pool: the same ports to the same peer from two addresses of
     * the pool are two connections, each SYN leaves from its own address, and the peer's answer to one address
     * completes that connection only.
     */
    @Test
    void connectionsFromTwoAddressesOfThePoolWithTheSamePortsAreTwoConnections() {
        start(config(), 0);
        long[] first = Ipv6Address.parse("2001:db8::101");
        long[] second = Ipv6Address.parse("2001:db8::102");
        net.holdAlso6(Ipv6AddressPool.parse(List.of("2001:db8::100/126")));
        TcpStream one = tcp.connect6(PEER[0], PEER[1], 8080, first[0], first[1], 40000, server);
        TcpStream two = tcp.connect6(PEER[0], PEER[1], 8080, second[0], second[1], 40000, server);
        assertTrue(one != null && two != null, "the local address tells them apart");
        assertEquals(null, tcp.connect6(PEER[0], PEER[1], 8080, second[0], second[1], 40000, server), "but not twice");
        List<long[]> frames = sent();
        assertEquals(2, frames.size());
        int[] sequences = new int[2];
        for (int i = 0; i < 2; i++) {
            long ip = frames.get(i)[0] + 14;
            long[] from = {NativeMemory.getI64Be(ip + 8), NativeMemory.getI64Be(ip + 16)};
            assertArrayEquals(i == 0 ? first : second, from, "each SYN from its own address");
            int length = NativeMemory.getU16Be(ip + 4);
            assertEquals(0, Frames.independentChecksum(ip + 40, length, pseudo(from, PEER, length)),
                    "the checksum over the pool address's pseudo-header");
            assertEquals(SYN, NativeMemory.getU8(ip + 40 + 13) & 0x3F);
            sequences[i] = NativeMemory.getI32Be(ip + 40 + 4);
        }
        free(frames);

        long synAck = segment(PEER, 8080, 40000, 9000, sequences[1] + 1, SYN | ACK);
        long ip = Mbuf.data(synAck) + 14;
        NativeMemory.putI64Be(ip + 24, second[0]);
        NativeMemory.putI64Be(ip + 32, second[1]);
        refreshChecksum(synAck, NativeMemory.getU16Be(ip + 4));
        deliver(synAck);
        assertEquals(TcpState.ESTABLISHED, tcp.state(two.slot()));
        assertEquals(TcpState.SYN_SENT, tcp.state(one.slot()));
        assertEquals(List.of(two), server.opened);
        frames = sent();
        assertEquals(1, frames.size(), "the ACK of the handshake");
        long ack = frames.get(0)[0] + 14;
        assertArrayEquals(second, new long[] {NativeMemory.getI64Be(ack + 8), NativeMemory.getI64Be(ack + 16)});
        free(frames);
    }

    private long segment(long[] from, int sourcePort, int destinationPort, int seq, int ack, int flags) {
        return segment(from, sourcePort, destinationPort, seq, ack, flags, new int[0], new byte[0]);
    }

    private long segment(long[] from, int sourcePort, int destinationPort, int seq, int ack, int flags, int[] options) {
        return segment(from, sourcePort, destinationPort, seq, ack, flags, options, new byte[0]);
    }

    /** A TCP segment from {@code from} to our address, its checksum computed the plain way. */
    private long segment(long[] from, int sourcePort, int destinationPort, int seq, int ack, int flags, int[] options,
                         byte[] payload) {
        int header = 20 + options.length;
        int[] body = new int[header + payload.length];
        body[0] = sourcePort >>> 8;
        body[1] = sourcePort & 0xFF;
        body[2] = destinationPort >>> 8;
        body[3] = destinationPort & 0xFF;
        for (int i = 0; i < 4; i++) {
            body[4 + i] = (seq >>> (24 - 8 * i)) & 0xFF;
            body[8 + i] = (ack >>> (24 - 8 * i)) & 0xFF;
        }
        body[12] = (header / 4) << 4;
        body[13] = flags;
        body[14] = 0xFF;
        body[15] = 0xFF;
        System.arraycopy(options, 0, body, 20, options.length);
        for (int i = 0; i < payload.length; i++) {
            body[header + i] = payload[i] & 0xFF;
        }
        long frame = Frames6.packet(pool, PEER_MAC, OUR_MAC, from, OURS, 64, 6, -1, body);
        refreshChecksum(frame, body.length);
        return frame;
    }

    private static void refreshChecksum(long frame, int length) {
        long ip = Mbuf.data(frame) + 14;
        long[] from = {NativeMemory.getI64Be(ip + 8), NativeMemory.getI64Be(ip + 16)};
        long[] to = {NativeMemory.getI64Be(ip + 24), NativeMemory.getI64Be(ip + 32)};
        long segment = ip + 40;
        NativeMemory.putU16Be(segment + 16, 0);
        NativeMemory.putU16Be(segment + 16, Frames.independentChecksum(segment, length, pseudo(from, to, length)));
    }

    private static long pseudo(long[] source, long[] destination, int length) {
        return Frames6.pseudo(source, destination, length) - Frames6.ICMPV6 + 6;
    }

    /** A segment the stack sent, copied out of its frame once its headers and checksum were checked. */
    private record Reply(ByteBuffer tcp) {
        int flags() {
            return tcp.get(13) & 0x3F;
        }

        int sequence() {
            return tcp.getInt(4);
        }

        int acknowledgment() {
            return tcp.getInt(8);
        }

        int sourcePort() {
            return tcp.getShort(0) & 0xFFFF;
        }

        int headerLength() {
            return ((tcp.get(12) & 0xFF) >>> 4) * 4;
        }

        /** The MSS option's value, or -1. */
        int mssOption() {
            for (int at = 20; at < headerLength(); ) {
                int kind = tcp.get(at) & 0xFF;
                if (kind == 0) {
                    break;
                }
                if (kind == 1) {
                    at++;
                    continue;
                }
                if (kind == 2) {
                    return tcp.getShort(at + 2) & 0xFFFF;
                }
                at += tcp.get(at + 1) & 0xFF;
            }
            return -1;
        }

        byte[] payload() {
            return Arrays.copyOfRange(tcp.array(), headerLength(), tcp.capacity());
        }
    }

    private Reply onlyReply() {
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "one segment in answer");
        return replyIn(frames);
    }

    private Reply lastReply() {
        List<long[]> frames = sent();
        assertTrue(!frames.isEmpty(), "an answer");
        free(frames.subList(0, frames.size() - 1));
        return replyIn(frames.subList(frames.size() - 1, frames.size()));
    }

    /** The segment in the first of {@code frames}, checked and copied out; every frame is freed. */
    private Reply replyIn(List<long[]> frames) {
        long[] frame = frames.get(0);
        EthernetFrame ethernet = new EthernetFrame();
        assertTrue(ethernet.wrap(frame[0], (int) frame[1]));
        assertEquals(PEER_MAC, ethernet.destination(), "to the peer's MAC");
        assertEquals(EthernetFrame.TYPE_IPV6, ethernet.etherType());
        long ip = ethernet.payload();
        assertEquals(Ipv6Packet.NEXT_HEADER_TCP, NativeMemory.getU8(ip + 6));
        assertArrayEquals(OURS, new long[] {NativeMemory.getI64Be(ip + 8), NativeMemory.getI64Be(ip + 16)});
        assertArrayEquals(PEER, new long[] {NativeMemory.getI64Be(ip + 24), NativeMemory.getI64Be(ip + 32)});
        int length = NativeMemory.getU16Be(ip + 4);
        assertEquals(0, Frames.independentChecksum(ip + 40, length, pseudo(OURS, PEER, length)),
                "the TCP checksum verifies over the IPv6 pseudo-header");
        byte[] copy = new byte[length];
        NativeMemory.copy(ip + 40, copy, 0, length);
        free(frames);
        return new Reply(ByteBuffer.wrap(copy));
    }

    private void deliver(long frame) {
        burst.clear();
        burst.add(frame);
        net.process(burst, clock.nanos());
        assertEquals(0, burst.count());
        net.flush();
    }

    private List<long[]> sent() {
        net.flush();
        List<long[]> frames = new ArrayList<>();
        try (MbufBurst in = new MbufBurst()) {
            while (peer.receive(0, in) > 0) {
                for (int i = 0; i < in.count(); i++) {
                    long m = in.get(i);
                    frames.add(new long[] {Mbuf.data(m), Mbuf.dataLength(m), m});
                }
            }
        }
        return frames;
    }

    private void free(List<long[]> frames) {
        for (long[] frame : frames) {
            pool.free(frame[2]);
        }
    }
}
