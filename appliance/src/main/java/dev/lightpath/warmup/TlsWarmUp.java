package dev.lightpath.warmup;

import dev.lightpath.engine.StackPair;
import dev.lightpath.http.HttpServer;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tls.CoreTicketKeys;
import dev.lightpath.tls.TicketKeySchedule;
import dev.lightpath.tls.TlsLayer;
import dev.lightpath.tls.TlsServerSettings;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The HTTPS half of the warm-up, when [tls] is on: the warm-up's HTTP server also behind a {@link TlsLayer} of its
 * own on the server stack, with a context of its own made from the configured certificate, suites and ALPN, and
 * session ticket keys of its own (so the ticket key upcall is compiled too); and HTTPS clients on the client
 * stack ({@link TlsWarmUpClient}). Nothing is shared with the cores that will serve: not the contexts, not the
 * ticket keys, not the counters.
 */
final class TlsWarmUp {
    /** Requests on each connection: enough records for the record path, one handshake per batch for the other. */
    private static final int BATCH = 8;
    private static final int LANES = 4;

    private final TlsLayer layer;
    private final CoreTicketKeys keys;
    private final SslContext clientContext;
    private final TlsWarmUpClient client;

    private TlsWarmUp(TlsLayer layer, CoreTicketKeys keys, SslContext clientContext, TlsWarmUpClient client) {
        this.layer = layer;
        this.keys = keys;
        this.clientContext = clientContext;
        this.client = client;
    }

    /** Listens on the server stack behind TLS and makes the clients (started by {@link #poll}); null without TLS. */
    static TlsWarmUp serve(TlsServerSettings tls, HttpServer server, StackPair pair, TcpConfig config,
                           List<String> paths) {
        if (tls == null || paths.isEmpty()) {
            return null;
        }
        SecureRandom random = new SecureRandom();
        SslContext serverContext = tls.newContext();
        CoreTicketKeys keys = new CoreTicketKeys(new TicketKeySchedule(Duration.ZERO, random::nextBytes, 0).current());
        keys.attachTo(serverContext);
        TlsLayer layer = new TlsLayer(serverContext, server, config.tableCapacity, tls.maxHandshakes);
        pair.serverTcp.listen(tls.port, layer, config.synBacklog);
        SslContext clientContext = SslContext.client(null);
        List<String> batch = new java.util.ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(paths.get(i % paths.size()));
        }
        TlsWarmUpClient client = new TlsWarmUpClient(pair.clientTcp, clientContext, StackPair.SERVER_IP, tls.port,
                StackPair.CLIENT_IP, LANES, batch, tls.alpn);
        return new TlsWarmUp(layer, keys, clientContext, client);
    }

    TlsLayer layer() {
        return layer;
    }

    CoreTicketKeys keys() {
        return keys;
    }

    int poll() {
        return client.poll();
    }

    void stop() {
        client.stop();
    }

    boolean finished() {
        return client.finished();
    }

    /** Handshakes the warm-up's server completed. */
    long handshakes() {
        return layer.counters().handshakesCompleted();
    }

    long connectionsCompleted() {
        return client.connectionsCompleted();
    }

    /** TLS sessions either side still holds: 0 once the stacks have closed every connection. */
    int sessionsOpen() {
        return client.sessionsOpen() + layer.counters().handshakesInProgress();
    }

    /** Frees the contexts and buffers; after the stacks have closed every connection. */
    void close() {
        client.close();
        clientContext.close();
        layer.close();
        keys.close();
    }
}
