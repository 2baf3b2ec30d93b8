package dev.lightpath.tls;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.openssl.PeerVerification;
import dev.lightpath.openssl.SessionResumption;
import dev.lightpath.openssl.SslContext;

import java.lang.foreign.Arena;

/**
 * The client's part of a {@link TlsLayer}: how each connection's session begins (the SNI, the name or address
 * its certificate must carry, the session of an earlier connection to resume) and what is kept when it ends.
 *
 * <p>Each connection belongs to a peer (the load generator's target), whose name is sent in SNI and checked, or
 * whose address is checked: a run over several servers checks each against its own identity.
 *
 * <p>Resumption is per key: the application names, before a connection opens, the key it belongs to (the load
 * generator's lane), and the connection offers the session the key's previous connection ended with. Sessions
 * stay on the core that made them. The strings OpenSSL is given live in native memory made once, so opening a
 * connection allocates nothing here.
 */
public final class TlsClientRole {
    /** A connection that has not failed. */
    public static final byte NO_FAILURE = 0;
    /** The server's certificate did not verify (unknown issuer, wrong name, expired, ...). */
    public static final byte VERIFY_FAILED = 1;
    /** The handshake or a record failed otherwise (an alert, no protocol in common, a bad record). */
    public static final byte TLS_FAILED = 2;

    /** Per peer: the SNI (0: none), what the certificate must carry (0: nothing checked), and whether it is an address. */
    private final long[] serverName;
    private final long[] expected;
    private final boolean[] expectedIsAddress;
    private final boolean resume;
    private final long[] saved;
    private final int[] keyOf;
    private final int[] peerOf;
    private final byte[] failure;
    private long verifyFailures;
    private long sessionsOffered;
    /** OpenSSL's words for the first failure of the run, for the operator; null before one. */
    private volatile String firstFailure;
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Arena strings;

    TlsClientRole(TlsClientSettings settings, int keys, int capacity) {
        strings = Arena.ofAuto();
        java.util.List<TlsClientSettings.Peer> peers = settings.peersOrOne();
        serverName = new long[peers.size()];
        expected = new long[peers.size()];
        expectedIsAddress = new boolean[peers.size()];
        for (int p = 0; p < peers.size(); p++) {
            TlsClientSettings.Peer peer = peers.get(p);
            serverName[p] = peer.serverName() == null ? 0 : strings.allocateFrom(peer.serverName()).address();
            String check = settings.expected(peer);
            expected[p] = check == null ? 0 : strings.allocateFrom(check).address();
            expectedIsAddress[p] = check != null && peer.serverName() == null;
        }
        resume = settings.resume;
        saved = new long[Math.max(keys, 1)];
        keyOf = new int[capacity];
        peerOf = new int[capacity];
        failure = new byte[capacity];
    }

    /** The connection about to open in {@code slot} belongs to {@code key} (0 .. keys - 1): it resumes that key's session. */
    public void keyOf(int slot, int key) {
        keyOf(slot, key, 0);
    }

    /**
     * As {@link #keyOf(int, int)}, the connection going to {@code peer} (an index into the settings' peers; any
     * peer is the one identity when the settings give no peers).
     */
    public void keyOf(int slot, int key, int peer) {
        keyOf[slot] = key;
        peerOf[slot] = serverName.length == 1 ? 0 : peer;
        failure[slot] = NO_FAILURE;
    }

    /** Why the connection in {@code slot} failed: {@link #NO_FAILURE}, {@link #VERIFY_FAILED} or {@link #TLS_FAILED}. */
    public byte failure(int slot) {
        return failure[slot];
    }

    /** Servers whose certificate did not verify. */
    public long verifyFailures() {
        return verifyFailures;
    }

    /** The first failure's description ("certificate verify failed: self-signed certificate"), or null. */
    public String firstFailure() {
        return firstFailure;
    }

    TlsSession begin(SslContext context, int slot) {
        failure[slot] = NO_FAILURE;
        long offer = resume ? saved[keyOf[slot]] : 0;
        if (offer != 0) {
            sessionsOffered++;
        }
        int peer = peerOf[slot];
        return TlsSession.client(context, serverName[peer], expected[peer], expectedIsAddress[peer], offer);
    }

    /** The session failed: why, said once for the run. */
    void failed(int slot, TlsSession session) {
        long verified = session.verifyResult();
        failure[slot] = verified != PeerVerification.X509_V_OK ? VERIFY_FAILED : TLS_FAILED;
        if (verified != PeerVerification.X509_V_OK) {
            verifyFailures++;
        }
        if (firstFailure == null) {
            firstFailure = session.failureReason()
                    + (verified != PeerVerification.X509_V_OK ? ": " + PeerVerification.describe(verified) : "");
        }
        forget(keyOf[slot]);
    }

    /** The connection ends: its session, once resumable, replaces its key's. */
    void ended(int slot, TlsSession session) {
        if (!resume || failure[slot] != NO_FAILURE) {
            return;
        }
        long next = session.resumable();
        if (next != 0) {
            forget(keyOf[slot]);
            saved[keyOf[slot]] = next;
        }
    }

    private void forget(int key) {
        if (saved[key] != 0) {
            SessionResumption.free(saved[key]);
            saved[key] = 0;
        }
    }

    /** Frees the kept sessions; after the worker has stopped. */
    void close() {
        for (int key = 0; key < saved.length; key++) {
            forget(key);
        }
    }

    void forEach(CounterVisitor visitor) {
        visitor.counter("tls.verify_failures", verifyFailures);
        visitor.counter("tls.sessions_offered", sessionsOffered);
    }
}
