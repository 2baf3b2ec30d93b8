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

    public int parse(long address, int length, ClientResponseHead r) {
        r.clear();
        int end = HttpRequestParser.findHeadEnd(address, Math.min(length, maxHead), 0);
        if (end == HttpRequestParser.INCOMPLETE) {
            return length >= maxHead ? MALFORMED : HttpRequestParser.INCOMPLETE;
        }
        long limit = address + end;
        // Each step returns where the next starts, or MALFORMED: positions are native addresses, never negative.
        long p = end < 13 ? MALFORMED : statusLine(address, limit, r);
        while (p > 0 && p < limit) {
            byte b = getByte(p);
            if (b == '\r' || b == '\n') {
                break;
            }
            p = fieldLine(p, limit, r);
        }
        if (p < 0 || r.chunked && r.contentLength != HttpRequest.ABSENT) {
            return MALFORMED;
        }
        r.headLength = end;
        return end;
    }

    /** HTTP/1.x SP 3DIGIT SP reason CRLF, at least 13 bytes before {@code limit}; returns the next line's start. */
    private static long statusLine(long p, long limit, ClientResponseHead r) {
        if (getByte(p) != 'H' || getByte(p + 1) != 'T' || getByte(p + 2) != 'T' || getByte(p + 3) != 'P'
                || getByte(p + 4) != '/' || getByte(p + 5) != '1' || getByte(p + 6) != '.' || getByte(p + 8) != ' ') {
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
        return nextLine(p + 12, limit);
    }

    /** One field line (not the empty line); returns the next line's start. */
    private static long fieldLine(long p, long limit, ClientResponseHead r) {
        long name = p;
        while (p < limit && getByte(p) != ':' && getByte(p) != '\n') {
            p++;
        }
        if (p == limit || getByte(p) != ':' || p == name) {
            return MALFORMED;
        }
        int nameLength = (int) (p - name);
        p++;
        while (getByte(p) == ' ' || getByte(p) == '\t') {
            p++;
        }
        long value = p;
        long lineEnd = nextLine(p, limit);
        long valueEnd = lineEnd - 1;
        while (valueEnd > value && (getByte(valueEnd - 1) == '\r' || getByte(valueEnd - 1) == ' ' || getByte(valueEnd - 1) == '\t')) {
            valueEnd--;
        }
        int valueLength = (int) Math.max(0, valueEnd - value);
        return field(r, name, nameLength, value, valueLength) < 0 ? MALFORMED : lineEnd;
    }

    private static int field(ClientResponseHead r, long name, int nameLength, long value, int valueLength) {
        if (nameLength == 14 && HttpRequestParser.is(name, "content-length")) {
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

    /** The start of the line after the one at {@code p}. */
    private static long nextLine(long p, long limit) {
        while (p < limit && getByte(p) != '\n') {
            p++;
        }
        return Math.min(limit, p + 1);
    }
}
