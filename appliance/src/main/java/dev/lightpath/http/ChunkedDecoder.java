package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Decodes chunked bodies (RFC 9112 section 7.1), chunk sizes, extensions and trailers, byte by byte as
 * segments arrive, for every connection of a core at once: each one's progress lives in arrays indexed by
 * its slot, so a body split anywhere resumes where it stopped. Chunk data is counted, not kept (the routes
 * that take bodies only measure them); the total is held to a limit.
 *
 * <p>Everything a peer can make long is bounded, since none of it is kept but all of it holds the connection:
 * a chunk line (size, extensions and line end) to {@code maxChunkLine} bytes, so that an extension trickled
 * without end, or a size of endless leading zeros, is refused instead of read for ever (RFC 9112 section
 * 7.1.1 asks servers to limit extensions and answer a 4xx; nothing narrower than 400 fits); the trailer
 * section to {@code maxTrailers} bytes, answered as headers that are too large are (431, RFC 6585 section 5:
 * trailer fields are fields like those of the head).
 *
 * <p>Lines may end in a bare LF, as in the head ({@link HttpRequestParser}): RFC 9112 section 2.2 lets a
 * recipient take LF alone as a line terminator, nginx does, and a front end that accepts it forwards the
 * same boundaries it saw. A bare CR, which some read as a line end and others not, is refused.
 */
public final class ChunkedDecoder {
    /** A byte outside the chunked grammar. */
    public static final int MALFORMED = -1;
    /** The body grew past the limit. */
    public static final int TOO_LARGE = -2;
    /** A chunk line (size and extensions) grew past its limit. */
    public static final int LINE_TOO_LONG = -3;
    /** The trailer section grew past its limit. */
    public static final int TRAILERS_TOO_LARGE = -4;

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

    private final byte[] state;
    private final long[] remaining;
    private final long[] total;
    /** Bytes of the current chunk line, or of the trailer section once the last chunk's line has ended. */
    private final int[] lineBytes;
    private final long maxBody;
    private final int maxChunkLine;
    private final int maxTrailers;

    /** A decoder with the default limits of {@link HttpSettings} on chunk lines and trailers. */
    public ChunkedDecoder(int capacity, long maxBody) {
        this(capacity, maxBody, new HttpSettings().maxChunkLine, new HttpSettings().maxTrailers);
    }

    /**
     * @param maxChunkLine longest chunk line, size and extensions with the line end ({@link #LINE_TOO_LONG} beyond)
     * @param maxTrailers  longest trailer section, its final empty line included ({@link #TRAILERS_TOO_LARGE} beyond)
     */
    public ChunkedDecoder(int capacity, long maxBody, int maxChunkLine, int maxTrailers) {
        this.state = new byte[capacity];
        this.remaining = new long[capacity];
        this.total = new long[capacity];
        this.lineBytes = new int[capacity];
        this.maxBody = maxBody;
        this.maxChunkLine = maxChunkLine;
        this.maxTrailers = maxTrailers;
    }

    public void start(int slot) {
        state[slot] = SIZE_FIRST;
        remaining[slot] = 0;
        total[slot] = 0;
        lineBytes[slot] = 0;
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
     * consumed, or {@link #MALFORMED}, {@link #TOO_LARGE}, {@link #LINE_TOO_LONG} or {@link #TRAILERS_TOO_LARGE}.
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
            // Every byte outside chunk data is part of a chunk line or of the trailer section.
            if (++lineBytes[slot] > (s >= TRAILER_START ? maxTrailers : maxChunkLine)) {
                state[slot] = (byte) s;
                return s >= TRAILER_START ? TRAILERS_TOO_LARGE : LINE_TOO_LONG;
            }
            s = next(slot, s, b);
            if (s < 0) {
                return s;
            }
        }
        state[slot] = (byte) s;
        return i;
    }

    /** The state after byte {@code b} outside chunk data, in state {@code s}, or a failure (negative). */
    private int next(int slot, int s, int b) {
        return switch (s) {
            case SIZE_FIRST, SIZE -> size(slot, s, b);
            case EXTENSION -> extension(slot, b);
            case SIZE_LF -> b == '\n' ? endOfSize(slot) : MALFORMED;
            case DATA_CR, DATA_LF -> endOfData(slot, s, b);
            case TRAILER_START -> trailerStart(b);
            case TRAILER -> trailer(b);
            case TRAILER_LF, END_LF -> b != '\n' ? MALFORMED : s == END_LF ? DONE : TRAILER_START;
            default -> throw new IllegalStateException("chunked state " + s);
        };
    }

    /** A byte of the chunk size, or the first after it: an extension, the line's end. */
    private int size(int slot, int s, int b) {
        int digit = hex(b);
        int next;
        if (digit >= 0) {
            if (remaining[slot] > (Long.MAX_VALUE >> 8)) {
                state[slot] = (byte) s;
                return TOO_LARGE;
            }
            remaining[slot] = remaining[slot] * 16 + digit;
            next = SIZE;
        } else if (s == SIZE && (b == ';' || b == ' ' || b == '\t')) {
            next = EXTENSION;
        } else if (s == SIZE && b == '\r') {
            next = SIZE_LF;
        } else if (s == SIZE && b == '\n') {
            next = endOfSize(slot);
        } else {
            return MALFORMED;
        }
        return total[slot] + remaining[slot] > maxBody ? TOO_LARGE : next;
    }

    /** A byte of a chunk extension, which is skipped to the line's end: only control characters are refused. */
    private int extension(int slot, int b) {
        if (b == '\r') {
            return SIZE_LF;
        }
        if (b == '\n') {
            return endOfSize(slot);
        }
        return b < 0x20 && b != '\t' || b == 0x7f ? MALFORMED : EXTENSION;
    }

    /** The line end after a chunk's data (CRLF or LF); the next chunk's size follows. */
    private int endOfData(int slot, int s, int b) {
        if (s == DATA_CR && b == '\r') {
            return DATA_LF;
        }
        if (b != '\n') {
            return MALFORMED;
        }
        lineBytes[slot] = 0;
        return SIZE_FIRST;
    }

    /** The first byte of a trailer line, or of the empty line that ends the body. */
    private static int trailerStart(int b) {
        if (b == '\r') {
            return END_LF;
        }
        if (b == '\n') {
            return DONE;
        }
        return b == ' ' || b == '\t' || b < 0x20 ? MALFORMED : TRAILER;
    }

    /** A byte of a trailer line after its first, which is skipped to the line's end. */
    private static int trailer(int b) {
        if (b == '\r') {
            return TRAILER_LF;
        }
        if (b == '\n') {
            return TRAILER_START;
        }
        return b < 0x20 && b != '\t' || b == 0x7f ? MALFORMED : TRAILER;
    }

    /** The size line ended: data follows, or the trailer section after the last (empty) chunk. */
    private int endOfSize(int slot) {
        lineBytes[slot] = 0;
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
