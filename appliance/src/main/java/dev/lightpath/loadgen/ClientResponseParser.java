package dev.lightpath.loadgen;

import dev.lightpath.http.HttpRequest;
import dev.lightpath.http.HttpRequestParser;

import static dev.lightpath.dpdk.NativeMemory.getByte;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;

/**
 * Parses a response head (RFC 9112 sections 4-6) in place, for the client role: the status line and the fields
 * that frame the body. As strict as the request parser where framing is concerned (a malformed or duplicated
 * {@code Content-Length}, both framings at once), lenient about the reason phrase. Returns the head's length,
 * {@link HttpRequestParser#INCOMPLETE}, or {@link #MALFORMED}.
 */
public final class ClientResponseParser {
    public static final int MALFORMED = -1;
    /** ORed into a word of a field name, folds its letters to lower case, as {@link HttpRequestParser#is} does. */
    private static final long LOWER = 0x2020202020202020L;
    /** "content-length", every response's, compared two words at a time: its first eight bytes, its last eight. */
    private static final long CONTENT_ = word("content-");
    private static final long T_LENGTH = word("t-length");

    private final int maxHead;

    public ClientResponseParser(int maxHead) {
        this.maxHead = maxHead;
    }

    /**
     * One pass over the head, a line at a time (each line's end and each name's colon found a word at a time by
     * {@link ByteFinder}): the end of the head is where the empty line is, so it is not searched for first. A head
     * that has not ended within the bytes given is {@link HttpRequestParser#INCOMPLETE}, or malformed once it has
     * reached the limit.
     */
    public int parse(long address, int length, ClientResponseHead r) {
        r.clear();
        long limit = address + Math.min(length, maxHead);
        long lineEnd = ByteFinder.next(address, limit, (byte) '\n');
        if (lineEnd == limit) {
            return unfinished(length);
        }
        if (!statusLine(address, lineEnd, r)) {
            return MALFORMED;
        }
        long p = lineEnd + 1;
        while (true) {
            if (p == limit) {
                return unfinished(length);
            }
            byte b = getByte(p);
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if (p + 1 == limit) {
                    return unfinished(length);
                }
                if (getByte(++p) != '\n') {
                    return MALFORMED; // a bare CR
                }
                break;
            }
            lineEnd = ByteFinder.next(p, limit, (byte) '\n');
            if (lineEnd == limit) {
                return unfinished(length);
            }
            if (!fieldLine(p, lineEnd, r)) {
                return MALFORMED;
            }
            p = lineEnd + 1;
        }
        if (r.chunked && r.contentLength != HttpRequest.ABSENT) {
            return MALFORMED;
        }
        int end = (int) (p + 1 - address);
        r.headLength = end;
        return end;
    }

    /** HTTP/1.x SP 3DIGIT SP reason, up to the line's end at {@code lineEnd}; false when malformed. */
    private static boolean statusLine(long p, long lineEnd, ClientResponseHead r) {
        if (lineEnd - p < 12 || getByte(p) != 'H' || getByte(p + 1) != 'T' || getByte(p + 2) != 'T'
                || getByte(p + 3) != 'P' || getByte(p + 4) != '/' || getByte(p + 5) != '1' || getByte(p + 6) != '.'
                || getByte(p + 8) != ' ') {
            return false;
        }
        r.version = getByte(p + 7) == '0' ? 10 : 11;
        int status = 0;
        for (int i = 9; i < 12; i++) {
            int d = getByte(p + i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            status = status * 10 + d;
        }
        r.status = status;
        return status >= 100;
    }

    /** One field line, name: value, up to its end at {@code lineEnd}; false when malformed. */
    private static boolean fieldLine(long p, long lineEnd, ClientResponseHead r) {
        long name = p;
        p = ByteFinder.next(p, lineEnd, (byte) ':');
        if (p == lineEnd || p == name) {
            return false;
        }
        int nameLength = (int) (p - name);
        p++;
        while (getByte(p) == ' ' || getByte(p) == '\t') {
            p++;
        }
        long value = p;
        long valueEnd = lineEnd;
        while (valueEnd > value && (getByte(valueEnd - 1) == '\r' || getByte(valueEnd - 1) == ' '
                || getByte(valueEnd - 1) == '\t')) {
            valueEnd--;
        }
        return field(r, name, nameLength, value, (int) (valueEnd - value)) != MALFORMED;
    }

    /** A head that has not ended yet: still to come, unless it has reached the limit already. */
    private int unfinished(int length) {
        return length >= maxHead ? MALFORMED : HttpRequestParser.INCOMPLETE;
    }

    private static int field(ClientResponseHead r, long name, int nameLength, long value, int valueLength) {
        if (nameLength == 14 && (getI64Le(name) | LOWER) == CONTENT_ && (getI64Le(name + 6) | LOWER) == T_LENGTH) {
            if (r.contentLength != HttpRequest.ABSENT || valueLength == 0 || valueLength > 18) {
                return MALFORMED;
            }
            long n = 0;
            for (int i = 0; i < valueLength; i++) {
                int d = getByte(value + i) - '0';
                if (d < 0 || d > 9) {
                    return MALFORMED;
                }
                n = n * 10 + d;
            }
            r.contentLength = n;
        } else if (nameLength == 17 && HttpRequestParser.is(name, "transfer-encoding")) {
            r.chunked = valueLength >= 7 && HttpRequestParser.is(value + valueLength - 7, "chunked");
        } else if (nameLength == 10 && HttpRequestParser.is(name, "connection")) {
            for (int i = 0; i + 5 <= valueLength; i++) {
                if (HttpRequestParser.is(value + i, "close")) {
                    r.connectionClose = true;
                }
                if (i + 10 <= valueLength && HttpRequestParser.is(value + i, "keep-alive")) {
                    r.connectionKeepAlive = true;
                }
            }
        }
        return 0;
    }

    /** Eight ASCII bytes as the little-endian word {@code getI64Le} reads from memory holding them. */
    private static long word(String eight) {
        long w = 0;
        for (int i = 7; i >= 0; i--) {
            w = w << 8 | eight.charAt(i);
        }
        return w;
    }
}
