package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.ChunkedDecoder;
import dev.lightpath.http.HttpRequestParser;
import dev.lightpath.tcp.TcpStream;

import java.lang.foreign.Arena;

/**
 * Reads the responses on each connection in place, as their bytes arrive: the head, then a body framed by
 * length, by chunks, or by the close of the connection. A head split over segments is completed in one of a
 * few spare native buffers, lent to the connection only until its head is whole.
 */
final class ResponseReader {
    /** What the reader tells its client; {@code complete} returns false when the connection is ending. */
    interface Events {
        void serverCloses(int slot);

        boolean complete(TcpStream stream, int status);

        void malformed(TcpStream stream);
    }

    private static final byte HEAD = 0;
    private static final byte LENGTH = 1;
    private static final byte CHUNKED = 2;
    private static final byte UNTIL_CLOSE = 3;

    static final int HEAD_BUFFER = 16 * 1024;

    private final Events events;
    private final Flights flights;
    private final RequestMix mix;
    private final byte[] phase;
    private final long[] remaining;
    private final int[] status;
    private final long[] buffer;
    private final int[] buffered;
    private final ClientResponseParser parser = new ClientResponseParser(HEAD_BUFFER);
    private final ClientResponseHead head = new ClientResponseHead();
    private final ChunkedDecoder chunked;
    private final Arena arena = Arena.ofShared();
    private final long[] spares;
    private int spareCount;

    ResponseReader(int slots, int spareBuffers, Flights flights, RequestMix mix, Events events) {
        this.events = events;
        this.flights = flights;
        this.mix = mix;
        phase = new byte[slots];
        remaining = new long[slots];
        status = new int[slots];
        buffer = new long[slots];
        buffered = new int[slots];
        chunked = new ChunkedDecoder(slots, Long.MAX_VALUE / 2);
        long headBuffers = NativeRegions.registerSlices(arena.allocate((long) spareBuffers * HEAD_BUFFER, 64),
                HEAD_BUFFER, "response head buffers").address();
        spares = new long[spareBuffers];
        for (int i = 0; i < spareBuffers; i++) {
            spares[spareCount++] = headBuffers + (long) i * HEAD_BUFFER;
        }
    }

    /** A new connection in {@code slot}: its first response begins with a head. */
    void reset(int slot) {
        phase[slot] = HEAD;
        buffered[slot] = 0;
    }

    /** True when the response under way ends with the connection (no length, not chunked). */
    boolean untilClose(int slot) {
        return phase[slot] == UNTIL_CLOSE;
    }

    void read(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        int p = 0;
        if (buffered[slot] > 0) {
            p = completeBufferedHead(stream, address, length);
            if (p < 0) {
                return;
            }
        }
        while (p < length) {
            int n = switch (phase[slot]) {
                case LENGTH -> readLength(stream, length - p);
                case CHUNKED -> readChunks(stream, address + p, length - p);
                case UNTIL_CLOSE -> -1;
                default -> readHead(stream, address + p, length - p);
            };
            if (n < 0) {
                return;
            }
            p += n;
        }
    }

    /** A head began in an earlier segment: completes it in its buffer. The bytes of the segment it took, or -1. */
    private int completeBufferedHead(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        int before = buffered[slot];
        int take = Math.min(length, HEAD_BUFFER - before);
        NativeMemory.copy(address, buffer[slot] + before, take);
        buffered[slot] += take;
        int n = parser.parse(buffer[slot], buffered[slot], head);
        if (n == HttpRequestParser.INCOMPLETE) {
            if (take < length) {
                events.malformed(stream);
            }
            return -1;
        }
        release(slot);
        if (n < 0) {
            events.malformed(stream);
            return -1;
        }
        return startBody(stream) ? n - before : -1;
    }

    private int readHead(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (flights.count(slot) == 0) {
            events.malformed(stream);  // an answer to nothing asked
            return -1;
        }
        int n = parser.parse(address, length, head);
        if (n == HttpRequestParser.INCOMPLETE) {
            keep(stream, address, length);
            return -1;
        }
        if (n < 0) {
            events.malformed(stream);
            return -1;
        }
        return startBody(stream) ? n : -1;
    }

    private int readLength(TcpStream stream, int length) {
        int slot = stream.slot();
        int n = (int) Math.min(remaining[slot], length);
        remaining[slot] -= n;
        if (remaining[slot] == 0 && !finish(stream)) {
            return -1;
        }
        return n;
    }

    private int readChunks(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        int n = chunked.decode(slot, address, length);
        if (n < 0) {
            events.malformed(stream);
            return -1;
        }
        if (chunked.done(slot) && !finish(stream)) {
            return -1;
        }
        return n;
    }

    /** The head of a response was parsed: how its body is framed. False if the connection ended. */
    private boolean startBody(TcpStream stream) {
        int slot = stream.slot();
        if (head.status() < 200) {
            return true;  // 1xx: interim, the final answer follows
        }
        status[slot] = head.status();
        if (!head.keepAlive()) {
            events.serverCloses(slot);
        }
        switch (head.framing(mix.isHead(flights.oldestRequest(slot)))) {
            case ClientResponseHead.LENGTH -> {
                phase[slot] = LENGTH;
                remaining[slot] = head.contentLength();
                return true;
            }
            case ClientResponseHead.CHUNKED -> {
                phase[slot] = CHUNKED;
                chunked.start(slot);
                return true;
            }
            case ClientResponseHead.UNTIL_CLOSE -> {
                phase[slot] = UNTIL_CLOSE;
                return true;
            }
            default -> {
                return finish(stream);
            }
        }
    }

    /** The whole response is in: the next one begins with a head. */
    boolean finish(TcpStream stream) {
        int slot = stream.slot();
        phase[slot] = HEAD;
        return events.complete(stream, status[slot]);
    }

    private void keep(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (spareCount == 0 || length > HEAD_BUFFER) {
            events.malformed(stream);
            return;
        }
        buffer[slot] = spares[--spareCount];
        NativeMemory.copy(address, buffer[slot], length);
        buffered[slot] = length;
    }

    /** Gives back the connection's head buffer, if it holds one. */
    void release(int slot) {
        if (buffer[slot] != 0) {
            spares[spareCount++] = buffer[slot];
            buffer[slot] = 0;
        }
        buffered[slot] = 0;
    }

    void close() {
        arena.close();
    }
}
