package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.tcp.TcpStream;

import java.util.function.LongSupplier;

/**
 * What the access log names for the response being written: the method and target of the request it answers,
 * read in place from the receive buffer while that request is being answered.
 *
 * <p>A request answered only once its body is in (or its delay over) has had its bytes released by then, and
 * the log would otherwise name the route instead of the request: its method and target are copied when it is
 * parsed. A slot's copy is made the first time it holds such a request and reused after, so memory follows the
 * slots that take bodies, not the table's capacity.
 */
final class LoggedRequest {
    private final LongSupplier wallMillis;
    private RequestLog.Core log;
    private long target;
    private int targetLength;
    private byte[] targetBytes;
    private int method;
    private int[] heldMethod;
    private int[] heldTargetLength;
    private byte[][] heldTarget;

    LoggedRequest(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** Logs every answered request into {@code core}'s ring, for a table of {@code capacity} slots. */
    void logTo(RequestLog.Core core, int capacity) {
        log = core;
        heldMethod = new int[capacity];
        heldTargetLength = new int[capacity];
        heldTarget = new byte[capacity][];
    }

    /** The request just parsed, whose bytes stay in place while it is answered. */
    void parsed(HttpRequest request) {
        target = request.targetAddress();
        targetLength = request.targetLength();
        targetBytes = null;
        method = request.method();
    }

    /** An answer to no parsed request (a malformed one, a timeout) is logged without method or target. */
    void forget() {
        targetLength = 0;
        targetBytes = null;
        method = HttpMethod.UNKNOWN;
    }

    /** Copies the request just parsed for an answer held on {@code slot}. */
    void hold(int slot, HttpRequest request) {
        if (log == null) {
            return;
        }
        if (heldTarget[slot] == null) {
            heldTarget[slot] = new byte[RequestLog.MAX_TARGET];
        }
        heldMethod[slot] = request.method();
        heldTargetLength[slot] = Math.min(request.targetLength(), RequestLog.MAX_TARGET);
        NativeMemory.copy(request.targetAddress(), heldTarget[slot], 0, heldTargetLength[slot]);
    }

    /** The held answer of {@code slot} is about to be written: it names the request copied for it. */
    void releaseHeld(int slot) {
        if (log == null) {
            return;
        }
        targetBytes = heldTarget[slot];
        targetLength = heldTargetLength[slot];
        method = heldMethod[slot];
    }

    /** Records an answer sent (interim ones are not logged). */
    void record(TcpStream stream, int version, int status, long bytesSent) {
        if (log != null && status >= 200) {
            log.log(wallMillis.getAsLong(), stream, method, version, status, bytesSent, target,
                    targetLength, targetBytes);
        }
    }
}
