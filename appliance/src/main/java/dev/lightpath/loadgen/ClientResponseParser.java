package dev.lightpath.loadgen;

import dev.lightpath.http.HttpRequest;
import dev.lightpath.http.HttpRequestParser;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Parses a response head (RFC 9112 sections 4-6) in place, for the client role: the status line and the fields
 * that frame the body. As strict as the request parser where framing is concerned (a malformed or duplicated
 * {@code Content-Length}, both framings at once), lenient about the reason phrase. Returns the head's length,
 * {@link HttpRequestParser#INCOMPLETE}, or {@link #MALFORMED}.
 */
public final class ClientResponseParser {
    public static final int MALFORMED = -1;

    private final int maxHead;

    public ClientResponseParser(int maxHead) {
        this.maxHead = maxHead;
    }

    /**
     * One pass over the head, a line at a time (each line's end found a word at a time by {@link LineFeeds}): the
     * end of the head is where the empty line is, so it is not searched for first. A head that has not ended
     * within the bytes given is {@link HttpRequestParser#INCOMPLETE}, or malformed once it has reached the limit.
     */
    public int parse(long address, int length, ClientResponseHead r) {
        r.clear();
        long limit = address + Math.min(length, maxHead);
        // HTTP/1.x SP 3DIGIT SP reason CRLF
        long lineEnd = LineFeeds.next(address, limit);
        if (lineEnd == limit) {
            return unfinished(length);
        }
        long p = address;
        if (lineEnd - p < 12 || getByte(p) != 'H' || getByte(p + 1) != 'T' || getByte(p + 2) != 'T'
                || getByte(p + 3) != 'P' || getByte(p + 4) != '/' || getByte(p + 5) != '1' || getByte(p + 6) != '.'
                || getByte(p + 8) != ' ') {
            return MALFORMED;
        }
        r.version = getByte(p + 7) == '0' ? 10 : 11;
        int status = 0;
        for (int i = 9; i < 12; i++) {
            int d = getByte(p + i) - '0';
            if (d < 0 || d > 9) {
                return MALFORMED;
            }
            status = status * 10 + d;
        }
        if (status < 100) {
            return MALFORMED;
        }
        r.status = status;
        p = lineEnd + 1;
        while (true) {
            if (p == limit) {
                return unfinished(length);
            }
            byte b = getByte(p);
            if (b == '\n' || b == '\r') {
                if (b == '\r') {
                    if (p + 1 == limit) {
                        return unfinished(length);
                    }
                    if (getByte(++p) != '\n') {
                        return MALFORMED;  // a bare CR
                    }
                }
                break;
            }
            lineEnd = LineFeeds.next(p, limit);
            if (lineEnd == limit) {
                return unfinished(length);
            }
            long name = p;
            while (p < lineEnd && getByte(p) != ':') {
                p++;
            }
            if (p == lineEnd || p == name) {
                return MALFORMED;
            }
            int nameLength = (int) (p - name);
            p++;
            while (getByte(p) == ' ' || getByte(p) == '\t') {
                p++;
            }
            long value = p;
            long valueEnd = lineEnd;
            while (valueEnd > value && (getByte(valueEnd - 1) == '\r' || getByte(valueEnd - 1) == ' ' || getByte(valueEnd - 1) == '\t')) {
                valueEnd--;
            }
            if (field(r, name, nameLength, value, (int) (valueEnd - value)) < 0) {
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

    /** A head that has not ended yet: still to come, unless it has reached the limit already. */
    private int unfinished(int length) {
        return length >= maxHead ? MALFORMED : HttpRequestParser.INCOMPLETE;
    }

    private static int field(ClientResponseHead r, long name, int nameLength, long value, int valueLength) {
        if (nameLength == 14 && HttpRequestParser.is(name, "content-length")) {
            if (r.contentLength != HttpRequest.ABSENT || valueLength == 0 || valueLength > 18) {
                return -1;
            }
            long n = 0;
            for (int i = 0; i < valueLength; i++) {
                int d = getByte(value + i) - '0';
                if (d < 0 || d > 9) {
                    return -1;
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
}
