package dev.lightpath.control;

import dev.lightpath.control.config.CoreList;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.tcp.TcpConfig;

/**
 * The load generator's side of the connection table: it holds the run's own connections and nothing else, so it is
 * sized from them rather than from memory as the appliance's is.
 */
final class ClientTable {
    private ClientTable() {
    }

    /** Sizes {@code run}'s table for {@code connections} spread over its cores, with room for closes under way. */
    static void size(RunConfig run, int connections) {
        int perCore = -Math.floorDiv(-connections, coreCount(run.cores));
        run.tcpMaxConnections = Math.max(1024, perCore + perCore / 8 + 64);
        // Requests go by reference from copies made once (RequestMix): no connection copies what it sends, so the
        // send-copy areas lent for copies (16 kB native each by default) would be memory for nothing.
        run.tcp.sendCopyBytes = 256;
        // A lane with a request unacknowledged holds a send queue, and every lane may at once: a lane waiting for
        // one would add the pool's delay to the latency measured.
        run.tcp.sendQueues = run.tcpMaxConnections;
    }

    /**
     * Over https:// nothing goes by reference: TLS encrypts every byte into the copy area, the ClientHello first
     * (over 256 bytes). In a smaller area its tail waits for the head to be acknowledged, and the server, holding
     * half a record it cannot answer, acknowledges only when its delayed-ACK timer fires: tens of milliseconds
     * per handshake. So a TLS run keeps the areas the appliance has, room for a whole record.
     */
    static void sizeForTls(RunConfig run) {
        run.tcp.sendCopyBytes = Math.max(run.tcp.sendCopyBytes, new TcpConfig().sendCopyBytes);
    }

    /** How many cores the list names; 1 for a list that is no list, which the settings' check reports by its flag. */
    private static int coreCount(String cores) {
        try {
            return CoreList.parse(cores).size();
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }
}
