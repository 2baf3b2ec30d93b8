package dev.lightpath.bench.tls;

import dev.lightpath.tls.SelfSignedCertificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The JDK's side of the comparison: an {@code SSLContext} for the server holding the same PEM certificate and key
 * that OpenSSL serves, one for the client trusting that certificate, and the loop that drives two
 * {@code SSLEngine}s through a handshake in memory.
 */
final class JdkTlsContexts {
    final SSLContext server;
    final SSLContext client;

    JdkTlsContexts(SelfSignedCertificate certificate) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate leaf;
            try (InputStream in = Files.newInputStream(certificate.chain())) {
                leaf = x509.generateCertificate(in);
            }
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    pemBody(Files.readString(certificate.privateKey()), "PRIVATE KEY")));
            char[] password = "throwaway".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password, new Certificate[] {leaf});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("server", leaf);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("building the JDK's TLS contexts", e);
        }
    }

    /** A server engine and a client engine; the client names no peer, so it never offers to resume. */
    SSLEngine serverEngine() {
        SSLEngine engine = server.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    SSLEngine clientEngine() {
        SSLEngine engine = client.createSSLEngine();
        engine.setUseClientMode(true);
        return engine;
    }

    /**
     * Runs the handshake between the two engines to its end, {@code toServer} and {@code toClient} carrying the
     * records (each left in write mode, holding what is still unread), {@code scratch} taking any plaintext.
     */
    static void handshake(SSLEngine client, SSLEngine server, ByteBuffer toServer, ByteBuffer toClient,
                          ByteBuffer scratch) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            boolean clientDone = step(client, toClient, toServer, scratch);
            boolean serverDone = step(server, toServer, toClient, scratch);
            if (clientDone && serverDone) {
                return;
            }
        }
        throw new IllegalStateException("the JDK handshake did not finish: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
    }

    /** Advances one engine as far as it can go with what it has received; true once its handshake is over. */
    private static boolean step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer scratch)
            throws SSLException {
        while (true) {
            SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
                    if (result.getStatus() != SSLEngineResult.Status.OK) {
                        throw new IllegalStateException("wrap: " + result);
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    SSLEngineResult result = engine.unwrap(in, scratch);
                    in.compact();
                    scratch.clear();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return false;
                    }
                    if (result.getStatus() != SSLEngineResult.Status.OK) {
                        throw new IllegalStateException("unwrap: " + result);
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + label + " in the PEM file");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
