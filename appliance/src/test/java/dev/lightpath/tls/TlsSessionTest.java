package dev.lightpath.tls;

import dev.lightpath.testing.Allocations;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Client and server sessions in one thread, the bytes between them passed by hand as TCP would carry them: the
 * handshake, records both ways byte-exact, and what hostile input gets (an alert and a failed session).
 */
class TlsSessionTest {
    static final int BUFFER = 64 * 1024;

    @TempDir
    static Path directory;
    static SelfSignedCertificate certificate;
    static SslContext serverContext;
    static SslContext clientContext;

    final Arena arena = Arena.ofConfined();
    final MemorySegment wire = arena.allocate(BUFFER);
    final MemorySegment plain = arena.allocate(BUFFER);

    @BeforeAll
    static void contexts() {
        certificate = SelfSignedCertificate.generate(directory, "tls.test");
        serverContext = SslContext.server(certificate.chain(), certificate.privateKey());
        clientContext = SslContext.client(certificate.chain());
    }

    @AfterAll
    static void freeContexts() {
        serverContext.close();
        clientContext.close();
    }

    /** Moves every pending record from one session to the other; returns how many bytes moved. */
    int pump(TlsSession from, TlsSession to) {
        int moved = 0;
        while (from.pendingCiphertext() > 0) {
            int n = from.takeCiphertext(wire.address(), BUFFER);
            assertEquals(n, to.receive(wire.address(), n), "the receiving BIO takes everything");
            moved += n;
        }
        return moved;
    }

    void handshake(TlsSession client, TlsSession server) {
        for (int round = 0; round < 10 && !(client.isEstablished() && server.isEstablished()); round++) {
            client.handshake();
            pump(client, server);
            server.handshake();
            pump(server, client);
        }
        assertTrue(client.isEstablished(), () -> "client: " + client.failureReason());
        assertTrue(server.isEstablished(), () -> "server: " + server.failureReason());
    }

    @Test
    void aClientAndAServerAgreeOnTls13WithTheServersCertificateVerified() {
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            assertEquals(TlsSession.NEED_INPUT, client.handshake(), "the client waits for the ServerHello");
            assertTrue(client.pendingCiphertext() > 0, "its ClientHello is ready to send");
            byte[] hello = taken(client);
            assertEquals(0x16, hello[0], "a handshake record");
            assertEquals(1, hello[5], "holding a ClientHello");
            assertEquals(hello.length, server.receive(wire.address(), hello.length));
            handshake(client, server);
            assertEquals(LibSsl.TLS1_3_VERSION, server.protocolVersion());
            assertEquals(LibSsl.TLS1_3_VERSION, client.protocolVersion());
            assertEquals(server.cipherSuite(), client.cipherSuite());
            assertTrue(server.cipherSuite().startsWith("TLS_AES_"), server.cipherSuite());
            assertFalse(client.isResumed());
        }
    }

    @Test
    void tls12IsNegotiatedWhenTheClientOffersNothingNewer() {
        try (SslContext tls12 = SslContext.client(certificate.chain())
                .protocols(LibSsl.TLS1_2_VERSION, LibSsl.TLS1_2_VERSION);
             TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(tls12, "tls.test")) {
            handshake(client, server);
            assertEquals(LibSsl.TLS1_2_VERSION, server.protocolVersion());
            assertTrue(server.cipherSuite().startsWith("ECDHE-ECDSA-"), server.cipherSuite());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndAlertsTheServer(@TempDir Path other) {
        SelfSignedCertificate stranger = SelfSignedCertificate.generate(other, "tls.test");
        try (SslContext distrustful = SslContext.client(stranger.chain());
             TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(distrustful, "tls.test")) {
            client.handshake();
            pump(client, server);
            server.handshake();
            pump(server, client);
            assertEquals(TlsSession.FAILED, client.handshake());
            assertTrue(client.failureReason().contains("certificate verify failed"), client.failureReason());
            pump(client, server);
            assertEquals(TlsSession.FAILED, server.handshake());
            assertTrue(server.failureReason().contains("unknown ca"), server.failureReason());
        }
    }

    @Test
    void recordsCrossBothWaysByteExact() {
        Random random = new Random(21);
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            handshake(client, server);
            for (int size : new int[] {1, 100, 1024, 16384, 16385, 40000}) {
                assertArrayEquals(sendAndReceive(client, server, random, size), receivedBy(server, size),
                        size + " bytes client to server");
                assertArrayEquals(sendAndReceive(server, client, random, size), receivedBy(client, size),
                        size + " bytes server to client");
            }
        }
    }

    @Test
    void theRecordPathAllocatesNothing() {
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            handshake(client, server);
            MemorySegment payload = arena.allocate(16384);
            Runnable exchange = () -> {
                for (int i = 0; i < 2000; i++) {
                    int size = (i & 1) == 0 ? 1024 : 16384;
                    server.write(payload.address(), size);
                    pump(server, client);
                    int read = 0;
                    while (read < size) {
                        int n = client.read(plain.address(), BUFFER);
                        if (n <= 0) {
                            throw new AssertionError("read " + n);
                        }
                        read += n;
                    }
                }
            };
            for (int warm = 0; warm < 4; warm++) {
                exchange.run(); // session tickets and the BIOs' growth, before the measured rounds
            }
            assertEquals(0, Allocations.fewestBytes(3, exchange), "bytes allocated by 2000 records");
        }
    }

    @Test
    void aGarbageClientHelloIsAnsweredWithAFatalAlert() {
        Random random = new Random(2121);
        for (int trial = 0; trial < 20; trial++) {
            try (TlsSession server = TlsSession.server(serverContext)) {
                int body = 40 + random.nextInt(400);
                byte[] hello = new byte[5 + 4 + body];
                hello[0] = 0x16; // handshake
                hello[1] = 3;
                hello[2] = 1;
                hello[3] = (byte) ((4 + body) >> 8);
                hello[4] = (byte) (4 + body);
                hello[5] = 1; // ClientHello, with a consistent length and garbage inside
                hello[7] = (byte) (body >> 8);
                hello[8] = (byte) body;
                byte[] garbage = new byte[body];
                random.nextBytes(garbage);
                System.arraycopy(garbage, 0, hello, 9, body);
                MemorySegment.copy(hello, 0, wire, ValueLayout.JAVA_BYTE, 0, hello.length);
                server.receive(wire.address(), hello.length);

                assertEquals(TlsSession.FAILED, server.handshake(), "trial " + trial);
                assertTrue(server.hasFailed());
                assertNotEquals(0, server.failureCode(), server.failureReason());
                byte[] alert = taken(server);
                assertEquals(7, alert.length, "one alert record, trial " + trial + ": " + server.failureReason());
                assertEquals(0x15, alert[0], "an alert record");
                assertEquals(2, alert[5], "fatal");
                assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER), "and it stays failed");
            }
        }
    }

    @Test
    void plainHttpInsteadOfAClientHelloFailsTheSession() {
        try (TlsSession server = TlsSession.server(serverContext)) {
            byte[] request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes();
            MemorySegment.copy(request, 0, wire, ValueLayout.JAVA_BYTE, 0, request.length);
            server.receive(wire.address(), request.length);
            assertEquals(TlsSession.FAILED, server.handshake());
            assertTrue(server.failureReason().contains("http request"), server.failureReason());
            assertEquals(0, server.pendingCiphertext(), "OpenSSL sends no alert to a peer that speaks no TLS");
        }
    }

    @Test
    void aTruncatedRecordWaitsForTheRestAndFailsWhenTheStreamEnds() {
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            handshake(client, server);
            plain.fill((byte) 'x');
            assertEquals(1000, client.write(plain.address(), 1000));
            int n = client.takeCiphertext(wire.address(), BUFFER);
            assertTrue(n > 1000, "one record: " + n);
            server.receive(wire.address(), n - 10);
            assertEquals(TlsSession.NEED_INPUT, server.read(plain.address(), BUFFER), "the record is incomplete");
            assertFalse(server.hasFailed());
            server.endOfInput();
            assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER));
            assertTrue(server.failureReason().contains("unexpected eof"), server.failureReason());
        }
    }

    @Test
    void aRecordLargerThanTlsAllowsIsAnsweredWithARecordOverflowAlert() {
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            handshake(client, server);
            int length = 16384 + 256 + 1; // one more than TLS 1.3's largest ciphertext
            wire.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x17);
            wire.set(ValueLayout.JAVA_BYTE, 1, (byte) 3);
            wire.set(ValueLayout.JAVA_BYTE, 2, (byte) 3);
            wire.set(ValueLayout.JAVA_BYTE, 3, (byte) (length >> 8));
            wire.set(ValueLayout.JAVA_BYTE, 4, (byte) length);
            server.receive(wire.address(), 5 + length);
            assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER));
            assertTrue(server.failureReason().contains("encrypted length too long"), server.failureReason());
            assertTrue(server.pendingCiphertext() > 0, "an alert to send");
            pump(server, client);
            assertEquals(TlsSession.FAILED, client.read(plain.address(), BUFFER), "the client reads the alert");
            assertTrue(client.failureReason().contains("record overflow"), client.failureReason());
        }
    }

    @Test
    void aRecordWithOneByteChangedFailsAuthenticationAndTheClientReadsBadRecordMac() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            try (TlsSession server = TlsSession.server(serverContext);
                 TlsSession client = TlsSession.client(clientContext, "tls.test")) {
                handshake(client, server);
                assertEquals(500, client.write(plain.address(), 500));
                int n = client.takeCiphertext(wire.address(), BUFFER);
                int at = 5 + random.nextInt(n - 5); // the header intact, the ciphertext or its tag changed
                wire.set(ValueLayout.JAVA_BYTE, at, (byte) (wire.get(ValueLayout.JAVA_BYTE, at) ^ (1 + random.nextInt(255))));
                server.receive(wire.address(), n);
                assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER), "trial " + trial);
                assertTrue(server.failureReason().contains("bad record mac")
                        || server.failureReason().contains("decryption failed"), server.failureReason());
                pump(server, client);
                assertEquals(TlsSession.FAILED, client.read(plain.address(), BUFFER));
                assertTrue(client.failureReason().contains("bad record mac"), client.failureReason());
            }
        }
    }

    @Test
    void hostileBytesAfterTheHandshakeNeverYieldPlaintext() {
        Random random = new Random(4242);
        for (int trial = 0; trial < 200; trial++) {
            try (TlsSession server = TlsSession.server(serverContext);
                 TlsSession client = TlsSession.client(clientContext, "tls.test")) {
                handshake(client, server);
                byte[] hostile = new byte[1 + random.nextInt(3000)];
                random.nextBytes(hostile);
                if (random.nextBoolean()) { // half of them behind a plausible application-data header
                    hostile[0] = 0x17;
                    if (hostile.length > 2) {
                        hostile[1] = 3;
                        hostile[2] = 3;
                    }
                }
                MemorySegment.copy(hostile, 0, wire, ValueLayout.JAVA_BYTE, 0, hostile.length);
                server.receive(wire.address(), hostile.length);
                int result = server.read(plain.address(), BUFFER);
                assertTrue(result == TlsSession.FAILED || result == TlsSession.NEED_INPUT,
                        "trial " + trial + ": " + result);
                server.endOfInput();
                assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER), "trial " + trial);
                assertEquals(TlsSession.FAILED, server.write(plain.address(), 10), "and it writes nothing more");
            }
        }
    }

    @Test
    void aRenegotiationAttemptOverTls12IsRefusedAndEndsTheConnection() {
        try (SslContext tls12 = SslContext.client(certificate.chain())
                .protocols(LibSsl.TLS1_2_VERSION, LibSsl.TLS1_2_VERSION);
             TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(tls12, "tls.test")) {
            handshake(client, server);
            // A client of another make: one that renegotiates (this project's contexts refuse to).
            LibSsl.sslClearOptions(client.connection(), LibSsl.SSL_OP_NO_RENEGOTIATION);
            assertEquals(1, LibSsl.sslRenegotiate(client.connection()));
            assertEquals(TlsSession.NEED_INPUT, client.read(plain.address(), BUFFER), "its new ClientHello sent");
            assertTrue(client.pendingCiphertext() > 0);
            pump(client, server);

            assertEquals(TlsSession.NEED_INPUT, server.read(plain.address(), BUFFER));
            byte[] refusal = taken(server);
            assertEquals(0x15, refusal[0], "an alert record (TLS 1.2 shows its type): no_renegotiation, encrypted");
            assertEquals(0, server.pendingCiphertext(), "and no ServerHello");
            MemorySegment.copy(refusal, 0, wire, ValueLayout.JAVA_BYTE, 0, refusal.length);
            client.receive(wire.address(), refusal.length);

            assertEquals(TlsSession.FAILED, client.read(plain.address(), BUFFER));
            assertTrue(client.failureReason().contains("no renegotiation"), client.failureReason());
            pump(client, server);
            assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER), "the client's fatal alert ends it");
            assertTrue(server.failureReason().contains("alert handshake failure"), server.failureReason());
        }
    }

    @Test
    void aCloseNotifyReadsAsClosed() {
        try (TlsSession server = TlsSession.server(serverContext);
             TlsSession client = TlsSession.client(clientContext, "tls.test")) {
            handshake(client, server);
            client.closeOutbound();
            pump(client, server);
            assertEquals(TlsSession.CLOSED, server.read(plain.address(), BUFFER));
            assertFalse(server.hasFailed());
        }
    }

    @Test
    void aClosedSessionAnswersFailedInsteadOfTouchingFreedMemory() {
        TlsSession server = TlsSession.server(serverContext);
        server.close();
        server.close();
        assertEquals(TlsSession.FAILED, server.read(plain.address(), BUFFER));
        assertEquals(TlsSession.FAILED, server.write(plain.address(), 10));
        assertEquals(0, server.receive(wire.address(), 10));
        assertEquals(0, server.pendingCiphertext());
    }

    byte[] sendAndReceive(TlsSession from, TlsSession to, Random random, int size) {
        byte[] sent = new byte[size];
        random.nextBytes(sent);
        MemorySegment source = arena.allocate(size);
        MemorySegment.copy(sent, 0, source, ValueLayout.JAVA_BYTE, 0, size);
        int written = 0;
        while (written < size) {
            int n = from.write(source.address() + written, size - written);
            assertTrue(n > 0, "write " + n);
            written += n;
        }
        pump(from, to);
        return sent;
    }

    byte[] receivedBy(TlsSession session, int size) {
        byte[] received = new byte[size];
        int read = 0;
        while (read < size) {
            int n = session.read(plain.address(), BUFFER);
            assertTrue(n > 0, "read " + n + " after " + read + " of " + size);
            MemorySegment.copy(plain, ValueLayout.JAVA_BYTE, 0, received, read, n);
            read += n;
        }
        assertEquals(TlsSession.NEED_INPUT, session.read(plain.address(), BUFFER), "nothing more");
        return received;
    }

    byte[] taken(TlsSession session) {
        int n = session.takeCiphertext(wire.address(), BUFFER);
        return wire.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }
}
