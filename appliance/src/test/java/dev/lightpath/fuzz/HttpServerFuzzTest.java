package dev.lightpath.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.tcp.StreamHandler;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Arbitrary bytes, cut into segments, into the HTTP server's connections, with the TCP layer's other events
 * mixed in as the input asks: a send queue that fills and frees, a peer that half-closes, time that passes
 * (delayed answers, 408, keep-alive expiry), and a second connection competing for the buffers partial heads
 * borrow. Nothing may throw or hang; everything sent must be well-formed HTTP/1.1 responses with bodies as
 * long as their Content-Length; nothing may be sent once a connection is finished; and once every connection
 * has closed, every lent buffer must be back.
 *
 * <p>Input layout: byte 0 seeds the segment sizes (0: one segment per connection), byte 1 holds the flags
 * below, and the rest is what the peer sends.
 */
class HttpServerFuzzTest {
    static final int STALL = 1;
    static final int PEER_CLOSES = 2;
    static final int TIME_PASSES = 4;
    static final int TWO_CONNECTIONS = 8;

    private static final int MAX_INPUT = 4096;
    private static final HttpSettings SETTINGS = FuzzedServer.settings();
    /** One server for every input, as one core's server lives for many connections: state must not leak between them. */
    private static final HttpServer SERVER = FuzzedServer.create(SETTINGS, 4);
    private static final long SEGMENT = NativeRegions.register(Arena.global().allocate(MAX_INPUT, 64), "test memory").address();
    private static long now = 1_000_000_000L;

    @FuzzTest
    void serve(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int seed = data[0] & 0xff;
        int flags = data[1] & 0xff;
        int length = Math.min(data.length - 2, MAX_INPUT);
        SplittableRandom random = new SplittableRandom(seed);

        now += 60_000_000_000L;
        SERVER.poll(now);
        RecordingStream[] streams = new RecordingStream[(flags & TWO_CONNECTIONS) != 0 ? 2 : 1];
        int[] delivered = new int[streams.length];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new RecordingStream(i);
            SERVER.onOpen(streams[i]);
        }

        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < streams.length; i++) {
                RecordingStream stream = streams[i];
                if (delivered[i] == length || stream.aborted || stream.ended) {
                    continue;
                }
                int n = seed == 0 ? length : Math.min(length - delivered[i], 1 + random.nextInt(1 + seed * 4));
                if ((flags & STALL) != 0) {
                    stream.copySpace = random.nextBoolean() ? 1000 : RecordingStream.FULL_COPY_SPACE;
                }
                NativeMemory.copy(data, 2 + delivered[i], SEGMENT, n);
                SERVER.onData(stream, SEGMENT, n);
                delivered[i] += n;
                afterEvent(stream);
                if ((flags & STALL) != 0 && random.nextBoolean()) {
                    stream.restoreSpace(SERVER);
                    afterEvent(stream);
                }
                if ((flags & TIME_PASSES) != 0) {
                    passTime(streams, random.nextInt(3000) * 1_000_000L);
                }
                more |= delivered[i] < length && !stream.aborted && !stream.ended;
            }
        }

        for (RecordingStream stream : streams) {
            stream.restoreSpace(SERVER);
            afterEvent(stream);
            if ((flags & PEER_CLOSES) != 0 && !stream.aborted && !stream.ended) {
                stream.peerClosed = true;
                SERVER.onPeerClosed(stream);
                afterEvent(stream);
            }
        }
        // Long enough for delayed answers to leave and for every deadline to pass.
        for (int step = 0; step < 8; step++) {
            passTime(streams, 1_000_000_000L);
        }

        for (RecordingStream stream : streams) {
            ResponseChecker.check(stream.pieces);
            assertEquals(0, stream.sendsAfterEnd, "sent on a finished connection");
            stream.end(SERVER, stream.aborted ? StreamHandler.CloseReason.ABORTED : StreamHandler.CloseReason.NORMAL);
        }
        SERVER.poll(now);
        assertEquals(SETTINGS.buffers, SERVER.spareBufferCount(), "a lent buffer did not come back");
    }

    private static void passTime(RecordingStream[] streams, long nanos) {
        now += nanos;
        SERVER.poll(now);
        for (RecordingStream stream : streams) {
            afterEvent(stream);
        }
    }

    /** An abort ends the connection at once, as TCP reports it. */
    private static void afterEvent(RecordingStream stream) {
        if (stream.aborted) {
            stream.end(SERVER, StreamHandler.CloseReason.ABORTED);
        }
    }
}
