package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Decodes chunked bodies (RFC 9112 section 7.1), chunk sizes, extensions and trailers, byte by byte as
 * segments arrive, for every connection of a core at once: each one's progress lives in arrays indexed by
 * its slot, so a body split anywhere resumes where it stopped. Chunk data is counted, not kept (the routes
 * that take bodies only measure them); the total is held to a limit.
 */
public final class ChunkedDecoder {
    /** A byte outside the chunked grammar. */
    public static final int MALFORMED = -1;
    /** The body grew past the limit. */
    public static final int TOO_LARGE = -2;

    private static final int SIZE_FIRST = 0;
    private static final int SIZE = 1;
    private static final int EXTENSION = 2;
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
    private static final int DATA_CR = 5;
    private static final int DATA_LF = 6;
    private static final int TRAILER_START = 7;
    private static final int TRAILER = 8;
    private static final int TRAILER_LF = 9;
    private static final int END_LF = 10;
    private static final int DONE = 11;

    private static final int MAX_TRAILER_BYTES = 8192;

    private final byte[] state;
    private final long[] remaining;
    private final long[] total;
    private final int[] trailerBytes;
    private final long maxBody;

    public ChunkedDecoder(int capacity, long maxBody) {
        this.state = new byte[capacity];
        this.remaining = new long[capacity];
        this.total = new long[capacity];
        this.trailerBytes = new int[capacity];
        this.maxBody = maxBody;
    }

    public void start(int slot) {
        state[slot] = SIZE_FIRST;
        remaining[slot] = 0;
        total[slot] = 0;
        trailerBytes[slot] = 0;
    }

    public boolean done(int slot) {
        return state[slot] == DONE;
    }

    /** Body bytes (chunk data) seen so far. */
    public long bodyBytes(int slot) {
        return total[slot];
    }

    /**
     * Consumes bytes of the chunked body; stops after the body's last byte. Returns how many bytes were
     * consumed, or {@link #MALFORMED} or {@link #TOO_LARGE}.
     */
    public int decode(int slot, long address, int length) {
        int s = state[slot];
        int i = 0;
        while (i < length && s != DONE) {
            if (s == DATA) {
                int n = (int) Math.min(remaining[slot], length - i);
                remaining[slot] -= n;
                i += n;
                if (remaining[slot] == 0) {
                    s = DATA_CR;
                }
                continue;
            }
            int b = getByte(address + i) & 0xff;
            i++;
            switch (s) {
                case SIZE_FIRST, SIZE -> {
                    int digit = hex(b);
                    if (digit >= 0) {
                        if (remaining[slot] > (Long.MAX_VALUE >> 8)) {
                            state[slot] = (byte) s;
                            return TOO_LARGE;
                        }
                        remaining[slot] = remaining[slot] * 16 + digit;
                        s = SIZE;
                    } else if (s == SIZE && (b == ';' || b == ' ' || b == '\t')) {
                        s = EXTENSION;
                    } else if (s == SIZE && b == '\r') {
                        s = SIZE_LF;
                    } else if (s == SIZE && b == '\n') {
                        s = endOfSize(slot);
                    } else {
                        return MALFORMED;
                    }
                    if (total[slot] + remaining[slot] > maxBody) {
                        return TOO_LARGE;
                    }
                }
                case EXTENSION -> {
                    if (b == '\r') {
                        s = SIZE_LF;
                    } else if (b == '\n') {
                        s = endOfSize(slot);
                    } else if (b < 0x20 && b != '\t' || b == 0x7f) {
                        return MALFORMED;
                    }
                }
                case SIZE_LF -> {
                    if (b != '\n') {
                        return MALFORMED;
                    }
                    s = endOfSize(slot);
                }
                case DATA_CR -> {
                    if (b == '\r') {
                        s = DATA_LF;
                    } else if (b == '\n') {
                        s = SIZE_FIRST;
                    } else {
                        return MALFORMED;
                    }
                }
                case DATA_LF -> {
                    if (b != '\n') {
                        return MALFORMED;
                    }
                    s = SIZE_FIRST;
                }
                case TRAILER_START -> {
                    if (b == '\r') {
                        s = END_LF;
                    } else if (b == '\n') {
                        s = DONE;
                    } else if (b == ' ' || b == '\t' || b < 0x20) {
                        return MALFORMED;
                    } else {
                        s = TRAILER;
                    }
                }
                case TRAILER -> {
                    if (++trailerBytes[slot] > MAX_TRAILER_BYTES) {
                        return MALFORMED;
                    }
                    if (b == '\r') {
                        s = TRAILER_LF;
                    } else if (b == '\n') {
                        s = TRAILER_START;
                    } else if (b < 0x20 && b != '\t' || b == 0x7f) {
                        return MALFORMED;
                    }
                }
                case TRAILER_LF, END_LF -> {
                    if (b != '\n') {
                        return MALFORMED;
                    }
                    s = s == END_LF ? DONE : TRAILER_START;
                }
                default -> throw new IllegalStateException("chunked state " + s);
            }
        }
        state[slot] = (byte) s;
        return i;
    }

    /** The size line ended: data follows, or the trailer section after the last (empty) chunk. */
    private int endOfSize(int slot) {
        if (remaining[slot] == 0) {
            return TRAILER_START;
        }
        total[slot] += remaining[slot];
        return DATA;
    }

    private static int hex(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
