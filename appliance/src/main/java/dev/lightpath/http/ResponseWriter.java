package dev.lightpath.http;

import dev.lightpath.tcp.TcpStream;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Writes a core's responses: the head (status line, Server, Date, Content-Length, the route's fields,
 * Content-Range, Connection) copied into TCP's send buffer, the body sent by reference from memory prepared at
 * start, then the counters and the access log's record. One per server, reused for every response; nothing is
 * allocated. What happens to the connection after a response (kept alive or closed) is the server's.
 */
final class ResponseWriter {
    /** Copy space a response head may need: below it, reading pauses until TCP frees room. */
    private static final int HEAD_SPACE = 2048;

    static final byte[] TEXT_PLAIN = bytes("Content-Type: text/plain; charset=utf-8\r\n");
    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final byte[] CONNECTION_CLOSE = bytes("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = bytes("Connection: keep-alive\r\n");
    private static final byte[] CONTENT_RANGE = bytes("Content-Range: bytes ");
    private static final byte[] CONTINUE = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    private static final MemorySegment CONTINUE_MEMORY = NativeBytes.of(CONTINUE);
    private static final MemorySegment[] ERROR_BODIES = new MemorySegment[600];

    static {
        for (int status = 400; status < 600; status++) {
            if (HttpStatus.known(status)) {
                ERROR_BODIES[status] = NativeBytes.of(bytes(status + " " + HttpStatus.reason(status) + "\n"));
            }
        }
    }

    private final ResponseHead head = new ResponseHead();
    private final HttpCounters counters;
    private final LoggedRequest logged;
    private final LongSupplier wallMillis;
    private final byte[] serverLine;
    private final byte[] dateLine = bytes("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
    private long dateSecond = Long.MIN_VALUE;
    /*
     * What the head in the scratch memory was written for. Keep-alive clients ask for the same route again and
     * again: its head is then the same bytes (the Date changes once a second), and is sent again as it is instead
     * of being copied together from its pieces (about a fifth of the server's time under keep-alive). Identity of
     * the prepared field arrays: a field written for one request is a new array, and never matches.
     */
    private int headStatus = -1;
    private byte[] headExtra;
    private byte[] headExtra2;
    private long headBodyLength;
    private long headSecond;
    private int headConnection;

    /** @param wallMillis the wall clock, for {@code Date} */
    ResponseWriter(String serverName, HttpCounters counters, LoggedRequest logged, LongSupplier wallMillis) {
        this.serverLine = bytes("Server: " + serverName + "\r\n");
        this.counters = counters;
        this.logged = logged;
        this.wallMillis = wallMillis;
    }

    /** Whether TCP has room for any head this server writes and the references of a body. */
    static boolean canRespond(TcpStream stream) {
        return stream.sendCopySpace() >= HEAD_SPACE && stream.sendReferenceSpace() >= 3;
    }

    /** The interim answer a client that sent {@code Expect: 100-continue} waits for before its body. */
    void sendContinue(TcpStream stream) {
        stream.sendCopy(CONTINUE_MEMORY.address(), CONTINUE.length);
    }

    /**
     * An error or short answer, with a plain-text body naming the status when it has a reason phrase.
     * Returns false when the stream was aborted instead (as {@link #answer}).
     */
    boolean error(TcpStream stream, int version, int status, byte[] extra, boolean headOnly, boolean keepAlive) {
        MemorySegment body = ERROR_BODIES[status];
        if (body == null) {
            return answer(stream, version, status, extra, null, 0, 0, headOnly, keepAlive);
        }
        return answer(stream, version, status, extra, TEXT_PLAIN, body.address(), body.byteSize(), headOnly, keepAlive);
    }

    /**
     * A whole answer: the head with {@code extra} and {@code extra2} (prepared header lines, or null), and the
     * body unless {@code headOnly} or the status has none. Returns false when the head did not fit in TCP's send
     * buffer, which {@link #canRespond} makes room for before any answer: the stream is closing, and is aborted.
     */
    boolean answer(TcpStream stream, int version, int status, byte[] extra, byte[] extra2, long body, long bodyLength,
                   boolean headOnly, boolean keepAlive) {
        int connection = connection(version, keepAlive);
        long second = wallMillis.getAsLong() / 1000;
        // The second first: in a steady run it is the only one that changes, and a test C2 saw taken in the
        // warm-up's mixed responses is compiled as a branch, not as a trap that the first new second would spring.
        if (second != headSecond || status != headStatus || extra != headExtra || extra2 != headExtra2
                || bodyLength != headBodyLength || connection != headConnection) {
            fields(status, extra, extra2, bodyLength);
            end(connection);
            headStatus = status;
            headExtra = extra;
            headExtra2 = extra2;
            headBodyLength = bodyLength;
            headSecond = second;
            headConnection = connection;
        }
        return transmit(stream, version, status, body, bodyLength, headOnly);
    }

    /** 206 with bytes {@code first} to {@code last} of {@code size}, which are the body. */
    boolean partial(TcpStream stream, int version, byte[] extra, long first, long last, long size, long body,
                    boolean keepAlive) {
        fields(206, extra, CONTENT_RANGE, last - first + 1);
        head.put(first).putByte('-').put(last).putByte('/').put(size).crlf();
        return send(stream, version, 206, body, last - first + 1, false, keepAlive);
    }

    /** 416: no byte of the {@code size} asked for can be sent. */
    boolean unsatisfiable(TcpStream stream, int version, long size, boolean keepAlive) {
        MemorySegment body = ERROR_BODIES[416];
        fields(416, TEXT_PLAIN, CONTENT_RANGE, body.byteSize());
        head.putByte('*').putByte('/').put(size).crlf();
        return send(stream, version, 416, body.address(), body.byteSize(), false, keepAlive);
    }

    private void fields(int status, byte[] extra, byte[] extra2, long bodyLength) {
        headStatus = -1;
        head.begin(status).put(serverLine).put(date());
        if (!HttpStatus.bodiless(status)) {
            head.put(CONTENT_LENGTH).put(bodyLength).crlf();
        }
        if (extra != null) {
            head.put(extra);
        }
        if (extra2 != null) {
            head.put(extra2);
        }
    }

    /** Which Connection field the head ends with: none (1.1 kept alive), close, or keep-alive (1.0). */
    private static int connection(int version, boolean keepAlive) {
        return !keepAlive ? 1 : version == 10 ? 2 : 0;
    }

    /** Ends the head begun with its Connection field and the empty line. */
    private void end(int connection) {
        if (connection == 1) {
            head.put(CONNECTION_CLOSE);
        } else if (connection == 2) {
            head.put(CONNECTION_KEEP_ALIVE);
        }
        head.crlf();
    }

    /** Ends the head begun, sends it and the body, counts and logs them. The stream is left corked. */
    private boolean send(TcpStream stream, int version, int status, long body, long bodyLength, boolean headOnly,
                         boolean keepAlive) {
        end(connection(version, keepAlive));
        return transmit(stream, version, status, body, bodyLength, headOnly);
    }

    /** Sends the head in the scratch memory and the body, counts and logs them. The stream is left corked. */
    private boolean transmit(TcpStream stream, int version, int status, long body, long bodyLength, boolean headOnly) {
        stream.cork();
        if (stream.sendCopy(head.address(), head.length()) < head.length()) {
            stream.abort();
            return false;
        }
        long sent = head.length();
        if (!headOnly && !HttpStatus.bodiless(status)) {
            for (long offset = 0; offset < bodyLength; ) {
                int chunk = (int) Math.min(bodyLength - offset, 1 << 30);
                stream.sendReference(body + offset, chunk);
                offset += chunk;
            }
            sent += bodyLength;
        }
        counters.responsesByClass[status / 100]++;
        counters.bytesSent += sent;
        logged.record(stream, version, status, sent);
        return true;
    }

    private byte[] date() {
        long second = wallMillis.getAsLong() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            HttpDate.format(second, dateLine, 6);
        }
        return dateLine;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
