package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;
import static dev.lightpath.dpdk.NativeMemory.getI32Le;
import static dev.lightpath.http.HttpRequestParser.BAD_REQUEST;
import static dev.lightpath.http.HttpRequestParser.NOT_IMPLEMENTED;
import static dev.lightpath.http.HttpRequestParser.is;

/**
 * What the fields the server acts on mean, for {@link HttpRequestParser}: where Host, Range, the validators and
 * Authorization stand, and the framing itself (Content-Length, Transfer-Encoding, Connection options, Expect),
 * with the checks that keep one request from being framed two ways. Each field line is handed here once, as the
 * parser meets it.
 */
final class FramingFields {
    /** The fields the server acts on, recognised by {@link #interpret} after a switch on the name's length. */
    private static final FieldName HOST = FieldName.of("host");
    private static final FieldName RANGE = FieldName.of("range");
    private static final FieldName EXPECT = FieldName.of("expect");
    private static final FieldName IF_RANGE = FieldName.of("if-range");
    private static final FieldName CONNECTION = FieldName.of("connection");
    private static final FieldName AUTHORIZATION = FieldName.of("authorization");
    private static final FieldName IF_NONE_MATCH = FieldName.of("if-none-match");
    private static final FieldName CONTENT_LENGTH = FieldName.of("content-length");
    private static final FieldName TRANSFER_ENCODING = FieldName.of("transfer-encoding");
    private static final FieldName IF_MODIFIED_SINCE = FieldName.of("if-modified-since");
    /** Connection options compared the same way (a value, but of the same alphabet as names). */
    private static final FieldName KEEP_ALIVE = FieldName.of("keep-alive");
    private static final int CLOS = 'c' | 'l' << 8 | 'o' << 16 | 's' << 24;

    private FramingFields() {
    }

    /** Records where the fields the server acts on are; returns an error status (negative) or 0. */
    static int interpret(HttpRequest r, int field, long name, int nameLength, long value, int valueLength) {
        switch (nameLength) {
            case 4 -> {
                if (HOST.at(name)) {
                    if (r.host != HttpRequest.ABSENT) {
                        return BAD_REQUEST;
                    }
                    r.host = field;
                }
            }
            case 5 -> {
                if (RANGE.at(name)) {
                    r.range = field;
                }
            }
            case 6 -> {
                if (EXPECT.at(name)) {
                    r.expectContinue = valueLength == 12 && is(value, "100-continue");
                }
            }
            case 8 -> {
                if (IF_RANGE.at(name)) {
                    r.ifRange = field;
                }
            }
            case 10 -> {
                if (CONNECTION.at(name)) {
                    connectionOptions(r, value, valueLength);
                }
            }
            case 13 -> {
                if (AUTHORIZATION.at(name)) {
                    r.authorization = field;
                } else if (IF_NONE_MATCH.at(name)) {
                    r.ifNoneMatch = field;
                }
            }
            case 14 -> {
                if (CONTENT_LENGTH.at(name)) {
                    return contentLength(r, value, valueLength);
                }
            }
            case 17 -> {
                if (TRANSFER_ENCODING.at(name)) {
                    return transferEncoding(r, value, valueLength);
                } else if (IF_MODIFIED_SINCE.at(name)) {
                    r.ifModifiedSince = field;
                }
            }
            default -> {
            }
        }
        return 0;
    }

    /** One Content-Length, of digits only (18 at most, so that it fits a long): 0, or an error status. */
    private static int contentLength(HttpRequest r, long value, int valueLength) {
        if (r.contentLength != HttpRequest.ABSENT || valueLength == 0 || valueLength > 18) {
            return BAD_REQUEST;
        }
        long n = 0;
        for (int i = 0; i < valueLength; i++) {
            int d = getByte(value + i) - '0';
            if (d < 0 || d > 9) {
                return BAD_REQUEST;
            }
            n = n * 10 + d;
        }
        r.contentLength = n;
        return 0;
    }

    /** One Transfer-Encoding, in HTTP/1.1, whose only coding is chunked: 0, or an error status. */
    private static int transferEncoding(HttpRequest r, long value, int valueLength) {
        if (r.chunked || r.version == 10 || tabAround(value, valueLength)) {
            return BAD_REQUEST;
        }
        if (valueLength == 7 && is(value, "chunked")) {
            r.chunked = true;
            return 0;
        }
        if (valueLength == 0) {
            // No coding at all: malformed, and how "Transfer-Encoding:" folded onto the next line
            // looks when this line is read (the fold itself is only seen after it).
            return BAD_REQUEST;
        }
        // Another coding: not understood (501), unless chunked is there but not last (400).
        return contains(value, valueLength, "chunked") ? BAD_REQUEST : NOT_IMPLEMENTED;
    }

    /**
     * Whether a tab stands in the whitespace around a value. RFC 9110 allows it there, but nginx does not take
     * {@code Transfer-Encoding:<TAB>chunked} as chunked (it answers 501), and a front end that ignores the field
     * forwards the body as the next request; this server refuses the field instead, so that no front end frames
     * such a request another way than it does.
     */
    private static boolean tabAround(long value, int length) {
        for (long p = value - 1; getByte(p) == ' ' || getByte(p) == '\t'; p--) {
            if (getByte(p) == '\t') {
                return true;
            }
        }
        for (long p = value + length; getByte(p) == ' ' || getByte(p) == '\t'; p++) {
            if (getByte(p) == '\t') {
                return true;
            }
        }
        return false;
    }

    private static void connectionOptions(HttpRequest r, long value, int length) {
        // The two values nearly every request carries, a word compare each.
        if (length == 10 && KEEP_ALIVE.at(value)) {
            r.connectionKeepAlive = true;
            return;
        }
        if (length == 5 && (getI32Le(value) | 0x20202020) == CLOS && (getByte(value + 4) | 0x20) == 'e') {
            r.connectionClose = true;
            return;
        }
        int i = 0;
        while (i < length) {
            while (i < length && (getByte(value + i) == ' ' || getByte(value + i) == '\t' || getByte(value + i) == ',')) {
                i++;
            }
            int start = i;
            while (i < length && getByte(value + i) != ',' && getByte(value + i) != ' ' && getByte(value + i) != '\t') {
                i++;
            }
            int n = i - start;
            if (n == 5 && is(value + start, "close")) {
                r.connectionClose = true;
            } else if (n == 10 && is(value + start, "keep-alive")) {
                r.connectionKeepAlive = true;
            }
        }
    }

    private static boolean contains(long address, int length, String lower) {
        for (int i = 0; i + lower.length() <= length; i++) {
            if (is(address + i, lower)) {
                return true;
            }
        }
        return false;
    }
}
