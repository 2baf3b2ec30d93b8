package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Reads a {@code Range} field (RFC 9110 section 14.1.2) against a representation's size. One range is served
 * (206); a list of several, another unit or a malformed value is ignored and the whole representation sent
 * (200), which the RFC allows; a range that starts past the end is unsatisfiable (416).
 */
final class ByteRange {
    static final int APPLIES = 0;
    static final int IGNORE = 1;
    static final int UNSATISFIABLE = 2;

    private long first;
    private long last;

    /** Parses the value at {@code address}; on {@link #APPLIES}, {@link #first} and {@link #last} hold the range. */
    int parse(long address, int length, long size) {
        if (length < 7 || !HttpRequestParser.is(address, "bytes=")) {
            return IGNORE;
        }
        int i = 6;
        long start = -1;
        long end = -1;
        int digits = 0;
        long n = 0;
        while (i < length && getByte(address + i) >= '0' && getByte(address + i) <= '9') {
            if (++digits > 18) {
                return IGNORE;
            }
            n = n * 10 + getByte(address + i++) - '0';
        }
        if (digits > 0) {
            start = n;
        }
        if (i == length || getByte(address + i) != '-') {
            return IGNORE;
        }
        i++;
        digits = 0;
        n = 0;
        while (i < length && getByte(address + i) >= '0' && getByte(address + i) <= '9') {
            if (++digits > 18) {
                return IGNORE;
            }
            n = n * 10 + getByte(address + i++) - '0';
        }
        if (digits > 0) {
            end = n;
        }
        if (i != length) {
            return IGNORE;
        }
        if (start < 0) {
            if (end <= 0) {
                return end == 0 ? UNSATISFIABLE : IGNORE;
            }
            if (size == 0) {
                return UNSATISFIABLE;
            }
            first = Math.max(0, size - end);
            last = size - 1;
            return APPLIES;
        }
        if (end >= 0 && end < start) {
            return IGNORE;
        }
        if (start >= size) {
            return UNSATISFIABLE;
        }
        first = start;
        last = end < 0 ? size - 1 : Math.min(end, size - 1);
        return APPLIES;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }
}
