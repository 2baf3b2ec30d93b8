package dev.lightpath.http;

import dev.lightpath.tcp.TcpStream;

/**
 * The state of one core's HTTP connections, an entry per TCP slot in each array, shared by the server (events,
 * answers, timers) and its {@link RequestReader} (the bytes of a request, phase by phase). Arrays rather than an
 * object per connection: nothing is allocated as connections come and go.
 */
final class Connections {
    final TcpStream[] streams;
    /** Each connection's {@link RequestPhase}. */
    final byte[] phase;
    final boolean[] open;
    /** Reading waits for room in TCP's send queue for the next answer. */
    final boolean[] stalled;
    /** A request has begun and is not yet all in: the request timeout runs, not the keep-alive one. */
    final boolean[] partial;
    /** When the connection times out (request or keep-alive). */
    final long[] deadline;
    /** Requests read on the connection. */
    final int[] served;
    /** The HTTP version of the last request (10 or 11), which the answer follows. */
    final byte[] version;
    /** The time of the frames being processed, from which deadlines and delays count. */
    long now;

    Connections(int capacity) {
        streams = new TcpStream[capacity];
        phase = new byte[capacity];
        open = new boolean[capacity];
        stalled = new boolean[capacity];
        partial = new boolean[capacity];
        deadline = new long[capacity];
        served = new int[capacity];
        version = new byte[capacity];
    }

    /** A new connection, reading its first head, with {@code timeoutNanos} to send it. */
    void opened(TcpStream stream, long timeoutNanos) {
        int slot = stream.slot();
        streams[slot] = stream;
        open[slot] = true;
        phase[slot] = RequestPhase.HEAD;
        stalled[slot] = false;
        partial[slot] = false;
        served[slot] = 0;
        deadline[slot] = now + timeoutNanos;
    }

    int capacity() {
        return streams.length;
    }
}
