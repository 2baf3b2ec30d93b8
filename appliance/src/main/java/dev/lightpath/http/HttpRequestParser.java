package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;
import static dev.lightpath.dpdk.NativeMemory.getI32Le;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;
import static dev.lightpath.dpdk.NativeMemory.getU16Le;

/**
 * Parses a request head (RFC 9112 sections 2-5) in place over native bytes: the request line, the header
 * fields, and the framing fields the server acts on, in one pass and without copying or allocating. Strict
 * where leniency lets requests be smuggled: whitespace before a colon, obs-fold, bare CR, characters outside
 * their grammar, a {@code Content-Length} that is duplicated or malformed, or sent with
 * {@code Transfer-Encoding}, are all errors, and so is a tab around a {@code Transfer-Encoding} value.
 *
 * <p>Lines may end in CRLF or in a bare LF. RFC 9112 section 2.2 lets a recipient take a bare LF as a line
 * terminator, and nginx, the front end most often put before a server like this one, does so in heads and
 * chunk lines alike: refusing it here would not move a boundary (a front end that accepts it sends the request
 * on with CRLF; one that refuses it never sends it), while accepting it means the server, reached directly,
 * splits a stream of requests where nginx does. A bare CR, which some parsers take as a line end and others as
 * part of a value, is an error (section 2.2 has a recipient treat it as invalid or as a space: here, 400).
 * {@code SmugglingDifferentialEndToEndTest} checks both against nginx.
 *
 * <p>{@link #parse} returns the head's length, {@link #INCOMPLETE}, or a failure: {@link #BAD_REQUEST},
 * {@link #URI_TOO_LONG}, {@link #HEADERS_TOO_LARGE}, {@link #NOT_IMPLEMENTED}, {@link #VERSION_NOT_SUPPORTED}, each
 * the negated status code to answer with. {@link #findHeadEnd} lets a caller that gathers a head across segments wait
 * for the whole of it in linear time, resuming where its last scan stopped.
 *
 * <p>The long runs (the target, names, values) are scanned a vector register or eight bytes per step
 * ({@link ByteScan}) and the fields the server acts on are recognised a word at a time ({@link FieldName});
 * what those leave, the grammar's rarer characters, is checked byte by byte. A field line of the common shape
 * (a name of letters, digits and '-', a value without tabs, CRLF) takes a fast path that finds its name, colon
 * and end from one vector load ({@link #commonFieldLine}); any other line, and the end of the head, take the
 * general path, which accepts and rejects exactly what the grammar says.
 */
public final class HttpRequestParser {
    /** The head has not ended yet, and may still end within the limits: wait for more bytes. */
    public static final int INCOMPLETE = 0;
    /*
     * Failures are the negated status the server answers with (see the wire package's error style), so the
     * server needs no table from one to the other.
     */
    /** Anything that breaks the grammar or could smuggle a request: 400. */
    public static final int BAD_REQUEST = -400;
    /** The request line is longer than its limit: 414. */
    public static final int URI_TOO_LONG = -414;
    /** The head is longer than its limit, or has too many fields: 431. */
    public static final int HEADERS_TOO_LARGE = -431;
    /** A method or transfer coding the server does not know: 501. */
    public static final int NOT_IMPLEMENTED = -501;
    /** An HTTP version other than 1.0 and 1.1: 505. */
    public static final int VERSION_NOT_SUPPORTED = -505;

    private static final boolean[] TOKEN = new boolean[256];
    /** "HTTP/?.?" as one little-endian word, the digits masked out. */
    private static final long VERSION_PATTERN = 'H' | 'T' << 8 | 'T' << 16 | (long) 'P' << 24 | (long) '/' << 32 | (long) '.' << 48;
    private static final long VERSION_MASK = 0x00ff00ffffffffffL;
    private static final int GET_SPACE = 'G' | 'E' << 8 | 'T' << 16 | ' ' << 24;
    private static final int CRLF = '\r' | '\n' << 8;
    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private final int maxRequestLine;
    private final int maxHead;

    /**
     * @param maxRequestLine longest request line accepted (414 beyond)
     * @param maxHead        longest head accepted, request line included (431 beyond, or too many fields)
     */
    public HttpRequestParser(int maxRequestLine, int maxHead) {
        this.maxRequestLine = maxRequestLine;
        this.maxHead = maxHead;
    }

    public int maxHead() {
        return maxHead;
    }

    /**
     * Where the head in the {@code length} bytes at {@code address} ends (the offset after its empty line, never
     * 0), or {@link #INCOMPLETE} when it has not ended yet. {@code from} is how far an earlier call got (0 at
     * first): bytes before it are not looked at again.
     */
    public static int findHeadEnd(long address, int length, int from) {
        for (int i = Math.max(0, from - 2); i < length; i++) {
            if (getByte(address + i) == '\n') {
                if (i + 1 < length && getByte(address + i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && getByte(address + i + 1) == '\r' && getByte(address + i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return INCOMPLETE;
    }

    /**
     * The failure to answer for a head that is still incomplete after {@code length} bytes
     * ({@link #URI_TOO_LONG}, {@link #HEADERS_TOO_LARGE}), or {@link #INCOMPLETE} while it may still end within
     * the limits.
     */
    public int limitError(long address, int length) {
        if (length <= Math.min(maxRequestLine, maxHead)) {
            return INCOMPLETE;
        }
        // A line of maxRequestLine bytes still has its CR LF to come: its LF may stand at maxRequestLine + 1.
        int lineEndLimit = maxRequestLine + 2;
        for (int i = 0; i < Math.min(length, lineEndLimit); i++) {
            if (getByte(address + i) == '\n') {
                return length >= maxHead ? HEADERS_TOO_LARGE : INCOMPLETE;
            }
        }
        return length >= lineEndLimit ? URI_TOO_LONG : INCOMPLETE;
    }

    /**
     * Parses the head in the {@code length} bytes at {@code address} into {@code r}: the head's length, or
     * {@link #INCOMPLETE}, or a failure (see the class comment).
     *
     * <p>Each step takes the position it starts from and returns where the next one starts, or, zero or below,
     * the result to return at once ({@link #INCOMPLETE} or a failure): positions are native addresses, never that
     * low, so one {@code long} carries either without allocating.
     */
    public int parse(long address, int length, HttpRequest r) {
        r.clear();
        long end = address + Math.min(length, maxHead);
        long p = method(address, end, length, r);
        if (p > 0) {
            p = target(p, end, address, length, r);
        }
        if (p > 0) {
            p = version(p, end, address, length, r);
        }
        // The field lines, up to and with the empty line: the loop stays here, where the JIT compiles it with the
        // steps above, rather than in a method of its own that it might compile apart and call.
        while (p > 0) {
            if (ByteScan.VECTORS && p + VectorScan.LANES <= end) {
                long next = commonFieldLine(p, end, r);
                if (next > 0) {
                    p = next;
                    continue;
                }
                if (next < 0) {
                    return (int) next;
                }
            }
            if (p == end) {
                return incomplete(length);
            }
            byte b = getByte(p);
            if (b == '\r' || b == '\n') {
                p = nextLine(p, end, length);
                break;
            }
            p = fieldLine(p, end, length, r);
        }
        if (p <= 0) {
            return (int) p;
        }
        r.headLength = (int) (p - address);
        return framing(r);
    }

    /** The method and the space after it; returns the target's start. */
    private long method(long p, long end, int length, HttpRequest r) {
        long start = p;
        if (end - p >= 4 && getI32Le(p) == GET_SPACE) {
            // Most requests: one compare takes the method and the space after it.
            p += 3;
            r.method = HttpMethod.GET;
        } else {
            while (p < end && TOKEN[getByte(p) & 0xff]) {
                p++;
            }
            if (p == end) {
                return incomplete(length);
            }
            if (p == start || getByte(p) != ' ') {
                return BAD_REQUEST;
            }
            r.method = HttpMethod.of(start, (int) (p - start));
        }
        r.methodAddress = start;
        r.methodLength = (int) (p - start);
        return p + 1;
    }

    /** The request target and the space after it; returns the version's start. */
    private long target(long p, long end, long address, int length, HttpRequest r) {
        long start = p;
        p = ByteScan.outsideVisible(p, end);
        if (p == end) {
            return p - address > maxRequestLine ? URI_TOO_LONG : incomplete(length);
        }
        if (p == start || getByte(p) != ' ') {
            return BAD_REQUEST;
        }
        r.targetAddress = start;
        r.targetLength = (int) (p - start);
        return p + 1;
    }

    /** The HTTP version and the request line's end, and the request line's limit; returns the first field's start. */
    private long version(long p, long end, long address, int length, HttpRequest r) {
        if (end - p < 8) {
            return incomplete(length);
        }
        long version = getI64Le(p);
        if ((version & VERSION_MASK) != VERSION_PATTERN) {
            return BAD_REQUEST;
        }
        int major = (int) (version >>> 40 & 0xff) - '0';
        int minor = (int) (version >>> 56) - '0';
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            return BAD_REQUEST;
        }
        p += 8;
        long lineLength = p - address;
        p = nextLine(p, end, length);
        if (p <= 0) {
            return p;
        }
        if (lineLength > maxRequestLine) {
            return URI_TOO_LONG;
        }
        if (major != 1) {
            return VERSION_NOT_SUPPORTED;
        }
        r.version = minor == 0 ? 10 : 11;
        return p;
    }

    /**
     * A field line of any shape the grammar allows, by the general path, at {@code p} (not the empty line);
     * returns the next line's start.
     */
    private long fieldLine(long p, long end, int length, HttpRequest r) {
        byte b = getByte(p);
        if (b == ' ' || b == '\t') {
            return BAD_REQUEST;
        }
        long start = p;
        p = ByteScan.notAlphanumericOrDash(p, end);
        while (p < end && TOKEN[getByte(p) & 0xff]) {
            p++;
        }
        if (p == end) {
            return incomplete(length);
        }
        if (p == start || getByte(p) != ':') {
            return BAD_REQUEST;
        }
        long nameEnd = p;
        p++;
        while (p < end && (getByte(p) == ' ' || getByte(p) == '\t')) {
            p++;
        }
        long valueStart = p;
        p = ByteScan.controlOrDel(p, end);
        while (p < end && getByte(p) == '\t') {
            p = ByteScan.controlOrDel(p + 1, end);
        }
        if (p == end) {
            return incomplete(length);
        }
        long valueEnd = p;
        while (valueEnd > valueStart && (getByte(valueEnd - 1) == ' ' || getByte(valueEnd - 1) == '\t')) {
            valueEnd--;
        }
        p = nextLine(p, end, length);
        if (p <= 0) {
            return p;
        }
        int error = addField(r, start, (int) (nameEnd - start), valueStart, (int) (valueEnd - valueStart));
        return error != 0 ? error : p;
    }

    /** What the framing fields allow together, once they are all read: the head's length or a failure. */
    private static int framing(HttpRequest r) {
        if (r.chunked && r.contentLength != HttpRequest.ABSENT) {
            return BAD_REQUEST;
        }
        if (r.version == 11 && r.host == HttpRequest.ABSENT) {
            return BAD_REQUEST;
        }
        if (r.method == HttpMethod.UNKNOWN) {
            return NOT_IMPLEMENTED;
        }
        return r.headLength;
    }

    /**
     * A field line of the common shape at {@code p} (at least {@link VectorScan#LANES} bytes before
     * {@code end}): a name of letters, digits and '-', a colon, spaces, a value of visible characters, spaces
     * and obs-text, and CRLF. Returns the next line's start, an error status (negative) from the field's
     * meaning, or 0 when the line is of another shape (or is the empty line): the general path then takes it
     * from its start, so this path only ever accepts what that one accepts.
     */
    private static long commonFieldLine(long p, long end, HttpRequest r) {
        long marks = VectorScan.fieldLineMarks(p);
        int nameMarks = (int) marks;
        if (nameMarks == 0) {
            return 0;
        }
        int nameLength = Integer.numberOfTrailingZeros(nameMarks);
        long colon = p + nameLength;
        if (nameLength == 0 || getByte(colon) != ':') {
            return 0;
        }
        // The first control character after the colon ends the value; past the register, the scan goes on.
        long controls = marks >>> 32 >>> (nameLength + 1);
        long lineEnd = controls != 0
                ? colon + 1 + Long.numberOfTrailingZeros(controls)
                : ByteScan.controlOrDel(p + VectorScan.LANES, end);
        if (end - lineEnd < 2 || getU16Le(lineEnd) != CRLF) {
            return 0;
        }
        // No tab can stand between the colon and the line's end: it is a control character.
        long valueStart = colon + 1;
        while (valueStart < lineEnd && getByte(valueStart) == ' ') {
            valueStart++;
        }
        long valueEnd = lineEnd;
        while (valueEnd > valueStart && getByte(valueEnd - 1) == ' ') {
            valueEnd--;
        }
        int error = addField(r, p, nameLength, valueStart, (int) (valueEnd - valueStart));
        return error != 0 ? error : lineEnd + 2;
    }

    /** Records a field line's name and value and acts on its meaning; returns an error status (negative) or 0. */
    private static int addField(HttpRequest r, long name, int nameLength, long value, int valueLength) {
        if (r.fields == r.nameAddress.length) {
            return HEADERS_TOO_LARGE;
        }
        int field = r.fields++;
        r.nameAddress[field] = name;
        r.nameLength[field] = nameLength;
        r.valueAddress[field] = value;
        r.valueLength[field] = valueLength;
        return FramingFields.interpret(r, field, name, nameLength, value, valueLength);
    }

    /** The line ending at {@code p} passed: the next line's start, or the result to return as in {@link #parse}. */
    private long nextLine(long p, long end, int length) {
        long next = lineEnd(p, end);
        return next > 0 ? next : next == 0 ? incomplete(length) : BAD_REQUEST;
    }

    private int incomplete(int length) {
        return length >= maxHead ? HEADERS_TOO_LARGE : INCOMPLETE;
    }

    /**
     * Past the line ending at {@code p} (CRLF or LF): the next line's start, 0 when the bytes end first, or -1
     * when something else stands there (a bare CR, a stray character).
     */
    private static long lineEnd(long p, long end) {
        if (p == end) {
            return 0;
        }
        byte b = getByte(p);
        if (b == '\n') {
            return p + 1;
        }
        if (b != '\r') {
            return -1;
        }
        if (p + 1 == end) {
            return 0;
        }
        return getByte(p + 1) == '\n' ? p + 2 : -1;
    }

    /** Whether the bytes at {@code address} spell {@code lower} in any case (letters, digits and '-'). */
    public static boolean is(long address, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if ((getByte(address + i) | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
