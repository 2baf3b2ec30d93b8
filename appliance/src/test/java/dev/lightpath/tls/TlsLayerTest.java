package dev.lightpath.tls;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.testing.Allocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The HTTP server, unchanged, behind the TLS layer, over a TCP stand-in that keeps what is sent in a copy buffer
 * of TCP's default size and frees it when the test says the peer acknowledged it; a client {@link TlsSession} on
 * the other end. Requests and responses byte-exact over TLS 1.3 and 1.2, ALPN, the limit on handshakes, the
 * alerts hostile input gets, and nothing allocated per request once warm.
 */
class TlsLayerTest {
    static final int BUFFER = 64 * 1024;
    static final String BIG = randomText(300_000, 21);

    @TempDir
    static Path directory;
    static SelfSignedCertificate certificate;
    static SslContext serverContext;
    static SslContext client13;
    static SslContext client12;

    final Arena arena = Arena.ofConfined();
    final MemorySegment wire = NativeRegions.register(arena.allocate(BUFFER), this);
    final MemorySegment plain = NativeRegions.register(arena.allocate(BUFFER), this);
    final Random random = new Random(7);
    HttpServer http;
    TlsLayer layer;

    @BeforeAll
    static void contexts() {
        certificate = SelfSignedCertificate.generate(directory, "tls.test");
        TlsServerSettings settings = new TlsServerSettings();
        settings.certificateChain = certificate.chain();
        settings.privateKey = certificate.privateKey();
        serverContext = settings.newContext();
        client13 = SslContext.client(certificate.chain()).protocols(LibSsl.TLS1_3_VERSION, LibSsl.TLS1_3_VERSION);
        client12 = SslContext.client(certificate.chain()).protocols(LibSsl.TLS1_2_VERSION, LibSsl.TLS1_2_VERSION);
    }

    @AfterAll
    static void freeContexts() {
        serverContext.close();
        client13.close();
        client12.close();
    }

    @BeforeEach
    void servers() {
        layer = newLayer(64);
    }

    TlsLayer newLayer(int maxHandshakes) {
        HttpSettings settings = new HttpSettings();
        settings.buffers = 4;
        http = new HttpServer(settings, new Routes(List.of(
                Route.fixed("/hello", 200, "text/plain", "hello\n", Map.of(), 0),
                Route.fixed("/big", 200, "text/plain", BIG, Map.of(), 0))), 16, () -> 0L);
        return new TlsLayer(serverContext, http, 16, maxHandshakes);
    }

    @AfterEach
    void close() {
        NativeRegions.unregister(this);
        arena.close();
    }

    // ---- a TCP connection as the layer sees it, and the client at its other end ----

    /** TCP's side: a copy buffer of TCP's default size, freed by {@link #acknowledge}. */
    final class FakeTcp implements TcpStream {
        final int slot;
        final ByteArrayOutputStream inFlight = new ByteArrayOutputStream();
        int copySpace = 16 * 1024;
        boolean wantsSpace;
        boolean closed;
        boolean aborted;
        boolean peerClosed;
        boolean corked;
        /** Sent bytes are counted and dropped, allocating nothing (for the allocation test). */
        boolean discard;

        FakeTcp(int slot) {
            this.slot = slot;
        }

        @Override public int slot() { return slot; }
        @Override public long generation() { return 1; }
        @Override public int localAddress() { return 0xC6120001; }
        @Override public int localPort() { return 443; }
        @Override public int remoteAddress() { return 0xC6120002; }
        @Override public int remotePort() { return 40000 + slot; }

        @Override
        public boolean sendReference(long address, int length) {
            throw new AssertionError("TLS sends no plaintext by reference");
        }

        @Override
        public int sendCopy(long address, int length) {
            assertFalse(closed || aborted, "nothing is sent after close");
            int n = Math.min(length, copySpace);
            if (discard) {
                copySpace -= n;
                return n;
            }
            byte[] bytes = new byte[n];
            NativeMemory.copy(address, bytes, 0, n);
            inFlight.writeBytes(bytes);
            copySpace -= n;
            return n;
        }

        @Override public int sendCopySpace() { return closed || aborted ? 0 : copySpace; }
        @Override public int sendReferenceSpace() { return closed || aborted ? 0 : 64; }
        @Override public void limitReceiveWindow(int bytes) { }
        @Override public void wantSendSpace() { wantsSpace = true; }
        @Override public void cork() { corked = true; }
        @Override public void uncork() { corked = false; }
        @Override public void close() { closed = true; }

        @Override
        public void abort() {
            aborted = true;
            layer.onClosed(this, StreamHandler.CloseReason.ABORTED);
        }

        @Override public boolean peerClosed() { return peerClosed; }

        /** The peer acknowledged everything: the copy buffer is free again, and a waiting sender is told. */
        byte[] acknowledge() {
            byte[] sent = inFlight.toByteArray();
            inFlight.reset();
            copySpace = 16 * 1024;
            if (wantsSpace && !closed && !aborted) {
                wantsSpace = false;
                layer.onSendSpace(this);
            }
            return sent;
        }
    }

    /** A client and its connection through the layer. */
    final class Connection {
        final FakeTcp tcp;
        final TlsSession client;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Connection(int slot, SslContext context, List<String> alpn) {
            tcp = new FakeTcp(slot);
            client = TlsSession.client(context, "tls.test");
            if (alpn != null) {
                client.offerAlpn(alpn);
            }
            layer.onOpen(tcp);
        }

        /** Moves bytes both ways, in segments of random sizes, until neither side has anything more to say. */
        void exchange() {
            for (int round = 0; round < 10_000; round++) {
                if (!client.isEstablished() && !client.hasFailed()) {
                    client.handshake();
                }
                boolean moved = clientToServer();
                byte[] back = tcp.acknowledge();
                if (back.length > 0) {
                    moved = true;
                    MemorySegment.copy(MemorySegment.ofArray(back), 0, wire, 0, back.length);
                    client.receive(wire.address(), back.length);
                }
                readClient();
                if (!moved && client.pendingCiphertext() == 0) {
                    return;
                }
            }
            fail("the exchange did not settle");
        }

        boolean clientToServer() {
            boolean moved = false;
            while (client.pendingCiphertext() > 0) {
                int n = client.takeCiphertext(wire.address(), BUFFER);
                for (int at = 0; at < n; ) {
                    int segment = Math.min(n - at, 1 + random.nextInt(1460));
                    if (!tcp.closed && !tcp.aborted) {
                        layer.onData(tcp, wire.address() + at, segment);
                    }
                    at += segment;
                }
                moved = true;
            }
            return moved;
        }

        void readClient() {
            if (client.hasFailed()) {
                return;
            }
            if (!client.isEstablished() && client.handshake() != 1) {
                return;
            }
            int n;
            while ((n = client.read(plain.address(), BUFFER)) > 0) {
                byte[] bytes = new byte[n];
                MemorySegment.copy(plain, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
                received.writeBytes(bytes);
            }
        }

        void send(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, plain, 0, bytes.length);
            assertEquals(bytes.length, client.write(plain.address(), bytes.length));
            exchange();
        }

        String text() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // ---- the tests ----

    @Test
    void aRequestOverTls13IsAnsweredAndAlpnAgreesOnHttp11() {
        Connection c = new Connection(1, client13, List.of("h2", "http/1.1"));
        c.exchange();
        assertTrue(c.client.isEstablished(), c.client.failureReason());
        assertEquals(LibSsl.TLS1_3_VERSION, c.client.protocolVersion());
        assertEquals("http/1.1", c.client.alpnProtocol());
        String request = "GET /hello HTTP/1.1\r\nHost: tls.test\r\n\r\n";
        c.send(request);
        assertTrue(c.text().startsWith("HTTP/1.1 200 OK\r\n"), c.text());
        assertTrue(c.text().endsWith("\r\n\r\nhello\n"), c.text());
        TlsCounters counters = layer.counters();
        assertEquals(1, counters.handshakesStarted());
        assertEquals(1, counters.handshakesCompleted());
        assertEquals(0, counters.handshakesInProgress());
        assertEquals(request.length(), counters.bytesDecrypted());
        assertEquals(c.text().length(), counters.bytesEncrypted());
    }

    @Test
    void aBodyLargerThanTcpsCopyBufferArrivesByteExactOverTls12() {
        Connection c = new Connection(2, client12, List.of("http/1.1"));
        c.exchange();
        assertEquals(LibSsl.TLS1_2_VERSION, c.client.protocolVersion());
        c.send("GET /big HTTP/1.1\r\nHost: tls.test\r\n\r\n");
        String text = c.text();
        int body = text.indexOf("\r\n\r\n") + 4;
        assertTrue(text.contains("Content-Length: " + BIG.length() + "\r\n"), text.substring(0, body));
        assertEquals(BIG, text.substring(body), "the body, byte for byte");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEachAfterTheLastBodyLeft() {
        Connection c = new Connection(3, client13, null);
        c.exchange();
        c.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /big HTTP/1.1\r\nHost: a\r\n\r\n");
        String text = c.text();
        int first = text.indexOf(BIG);
        int hello = text.indexOf("\r\n\r\nhello\n");
        int second = text.indexOf(BIG, first + 1);
        assertTrue(first > 0 && hello > first && second > hello, "three answers in order");
        assertEquals(text.length(), second + BIG.length(), "and nothing after the last");
    }

    @Test
    void aClosingResponseEndsWithCloseNotifyThenFin() {
        Connection c = new Connection(4, client13, null);
        c.exchange();
        c.send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(c.text().endsWith("hello\n"));
        assertEquals(TlsSession.CLOSED, c.client.read(plain.address(), BUFFER), "the client read close_notify");
        assertTrue(c.tcp.closed, "then TCP closed");
        layer.onClosed(c.tcp, StreamHandler.CloseReason.NORMAL);
    }

    @Test
    void handshakesBeyondTheLimitAreResetAndCounted() {
        layer = newLayer(2);
        Connection a = new Connection(1, client13, null);
        Connection b = new Connection(2, client13, null);
        Connection c = new Connection(3, client13, null);
        assertTrue(c.tcp.aborted, "the third handshake at once is reset");
        assertFalse(a.tcp.aborted || b.tcp.aborted);
        assertEquals(1, layer.counters().handshakesDropped());
        assertEquals(2, layer.counters().handshakesInProgress());
        a.exchange();
        assertTrue(a.client.isEstablished());
        Connection d = new Connection(4, client13, null);
        assertFalse(d.tcp.aborted, "one finished: room for another");
        d.exchange();
        d.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(d.text().endsWith("hello\n"));
        assertEquals(3, layer.counters().handshakesStarted());
        assertEquals(2, layer.counters().handshakesCompleted());
        b.tcp.peerClosed = true;
        layer.onPeerClosed(b.tcp);
        assertTrue(b.tcp.closed, "a client that leaves mid-handshake is closed");
        assertEquals(1, layer.counters().handshakesAbandoned());
        assertEquals(0, layer.counters().handshakesInProgress());
    }

    @Test
    void garbageInAClientHelloGetsItsAlertInTheClearAndAClose() {
        FakeTcp tcp = new FakeTcp(5);
        layer.onOpen(tcp);
        byte[] hello = new byte[200];
        random.nextBytes(hello);
        hello[0] = 0x16;
        hello[1] = 3;
        hello[2] = 1;
        hello[3] = 0;
        hello[4] = (byte) (hello.length - 5);
        hello[5] = 1;
        MemorySegment.copy(MemorySegment.ofArray(hello), 0, wire, 0, hello.length);
        layer.onData(tcp, wire.address(), hello.length);
        byte[] sent = tcp.inFlight.toByteArray();
        assertEquals(7, sent.length, "one alert record");
        assertEquals(21, sent[0]);
        assertEquals(2, sent[5], "fatal");
        assertTrue(tcp.closed, "then FIN");
        String name = TlsAlerts.counterName(sent[6] & 0xFF).substring("tls.failures.".length());
        assertEquals(1, layer.counters().failures(name), "counted under the alert sent, " + name);
        assertEquals(0, layer.counters().handshakesInProgress());
        layer.onClosed(tcp, StreamHandler.CloseReason.NORMAL);
    }

    @Test
    void plainHttpToTheTlsPortIsClosedWithoutAnAlert() {
        FakeTcp tcp = new FakeTcp(6);
        layer.onOpen(tcp);
        byte[] request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(MemorySegment.ofArray(request), 0, wire, 0, request.length);
        layer.onData(tcp, wire.address(), request.length);
        assertTrue(tcp.closed);
        assertEquals(1, layer.counters().failures("other_alert") + layer.counters().failures("no_alert"));
    }

    @Test
    void aTamperedRecordFailsWithBadRecordMac() {
        Connection c = new Connection(7, client13, null);
        c.exchange();
        byte[] request = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(MemorySegment.ofArray(request), 0, plain, 0, request.length);
        c.client.write(plain.address(), request.length);
        int n = c.client.takeCiphertext(wire.address(), BUFFER);
        NativeMemory.putByte(wire.address() + n - 3, NativeMemory.getByte(wire.address() + n - 3) ^ 0x40);
        layer.onData(c.tcp, wire.address(), n);
        assertTrue(c.tcp.closed);
        assertEquals(1, layer.counters().failures("bad_record_mac"));
        byte[] alert = c.tcp.acknowledge();
        MemorySegment.copy(MemorySegment.ofArray(alert), 0, wire, 0, alert.length);
        c.client.receive(wire.address(), alert.length);
        assertEquals(TlsSession.FAILED, c.client.read(plain.address(), BUFFER));
        assertTrue(c.client.failureReason().contains("bad record mac"), c.client.failureReason());
    }

    @Test
    void aClientOfferingNoProtocolTheServerSpeaksGetsNoApplicationProtocol() {
        Connection c = new Connection(8, client13, List.of("h2"));
        c.exchange();
        assertTrue(c.client.hasFailed());
        assertTrue(c.client.failureReason().contains("no application protocol"), c.client.failureReason());
        assertEquals(1, layer.counters().failures("no_application_protocol"));
    }

    @Test
    void keepAliveRequestsAllocateNothingOnceWarm() {
        Connection c = new Connection(9, client13, null);
        c.exchange();
        byte[] request = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MemorySegment requestBytes = NativeRegions.register(arena.allocate(request.length), this);
        MemorySegment.copy(MemorySegment.ofArray(request), 0, requestBytes, 0, request.length);
        MemorySegment toServer = NativeRegions.register(arena.allocate(BUFFER), this);
        c.tcp.discard = true;
        long bytes = Allocations.fewestBytes(5, () -> {
            for (int i = 0; i < 2000; i++) {
                c.client.write(requestBytes.address(), request.length);
                int n = c.client.takeCiphertext(toServer.address(), BUFFER);
                layer.onData(c.tcp, toServer.address(), n);
                // What the server sent is acknowledged without being kept: only the server's side is measured.
                c.tcp.copySpace = 16 * 1024;
            }
        });
        assertEquals(0, bytes, "bytes allocated by 2,000 requests over TLS");
        assertEquals(0, layer.counters().failures("other_alert"));
    }

    @Test
    void aReplacedContextServesNewConnectionsWhileOldOnesGoOnWithTheirs() {
        SelfSignedCertificate renewed = SelfSignedCertificate.generate(directory.resolve("renewed"), "tls.test");
        TlsServerSettings first = new TlsServerSettings();
        first.certificateChain = certificate.chain();
        first.privateKey = certificate.privateKey();
        TlsServerSettings second = new TlsServerSettings();
        second.certificateChain = renewed.chain();
        second.privateKey = renewed.privateKey();
        HttpSettings settings = new HttpSettings();
        http = new HttpServer(settings, new Routes(List.of(Route.fixed("/hello", 200, "text/plain", "hello\n",
                Map.of(), 0))), 16, () -> 0L);
        layer = new TlsLayer(first.newContext(), http, 16, 64);
        try (SslContext trustsRenewed = SslContext.client(renewed.chain())) {
            Connection before = new Connection(1, client13, null);
            before.exchange();
            assertTrue(before.client.isEstablished());

            layer.replaceContext(second.newContext());
            Connection beforePoll = new Connection(2, client13, null);
            beforePoll.exchange();
            assertTrue(beforePoll.client.isEstablished(), "taken over only at the worker's next poll");
            assertEquals(1, layer.poll(), "the worker takes the new context");
            assertEquals(0, layer.poll(), "once");

            Connection after = new Connection(3, trustsRenewed, null);
            after.exchange();
            assertTrue(after.client.isEstablished(), after.client.failureReason());
            Connection stale = new Connection(4, client13, null);
            stale.exchange();
            assertTrue(stale.client.hasFailed(), "a client trusting only the old certificate no longer connects");

            before.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(before.text().endsWith("hello\n"), "the connection made before goes on: " + before.text());
            after.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(after.text().endsWith("hello\n"));
            assertEquals(1, layer.counters().contextsReplaced());
            for (int slot = 1; slot <= 4; slot++) {
                layer.onClosed(new FakeTcp(slot), StreamHandler.CloseReason.NORMAL);
            }
        } finally {
            layer.close();
        }
    }

    @Test
    void hostileBytesAfterAValidHandshakeNeverReachTheServerAsARequest() {
        Random seeds = new Random(42);
        int slot = 0;
        for (int run = 0; run < 200; run++) {
            slot = slot % 15 + 1;
            Connection c = new Connection(slot, run % 2 == 0 ? client13 : client12, null);
            c.exchange();
            assertTrue(c.client.isEstablished(), "run " + run);
            byte[] junk = new byte[1 + seeds.nextInt(3000)];
            seeds.nextBytes(junk);
            if (run % 4 < 2) {
                // Behind a plausible application-data record header, so that it reaches decryption.
                junk[0] = 23;
                junk[1] = 3;
                junk[2] = 3;
                junk[3] = (byte) ((junk.length - 5) >> 8);
                junk[4] = (byte) (junk.length - 5);
            }
            MemorySegment.copy(MemorySegment.ofArray(junk), 0, wire, 0, junk.length);
            for (int at = 0; at < junk.length && !c.tcp.closed; ) {
                int segment = Math.min(junk.length - at, 1 + seeds.nextInt(1460));
                layer.onData(c.tcp, wire.address() + at, segment);
                at += segment;
            }
            if (!c.tcp.closed) {
                c.tcp.peerClosed = true;
                layer.onPeerClosed(c.tcp); // the HTTP server closes a connection its peer finished
            }
            assertTrue(c.tcp.closed || c.tcp.aborted, "run " + run + ": the connection ends");
            layer.onClosed(c.tcp, StreamHandler.CloseReason.NORMAL);
        }
        assertEquals(0, http.counters().requests(), "no request was read out of hostile bytes");
        assertEquals(200, layer.counters().handshakesCompleted());
        assertEquals(0, layer.counters().handshakesInProgress());
        assertEquals(0, layer.counters().bytesDecrypted(), "not one byte of plaintext");
        assertTrue(layer.counters().failures("bad_record_mac") > 20, "records that reached decryption failed it");
    }

    static String randomText(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
