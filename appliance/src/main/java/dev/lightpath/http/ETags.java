package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/** Entity-tag comparison (RFC 9110 section 8.8.3.2) over a field value in place. */
final class ETags {
    private ETags() {
    }

    /**
     * Whether the list at {@code address} (or "*") names {@code etag}. With {@code weak}, a W/ prefix is
     * ignored, as If-None-Match requires.
     */
    static boolean matchesAny(long address, int length, byte[] etag, boolean weak) {
        int i = 0;
        while (i < length) {
            byte b = getByte(address + i);
            if (b == ' ' || b == '\t' || b == ',') {
                i++;
                continue;
            }
            if (b == '*') {
                return true;
            }
            boolean isWeak = false;
            if (b == 'W' && i + 1 < length && getByte(address + i + 1) == '/') {
                isWeak = true;
                i += 2;
            }
            if (i >= length || getByte(address + i) != '"') {
                return false;
            }
            int end = i + 1;
            while (end < length && getByte(address + end) != '"') {
                end++;
            }
            if (end == length) {
                return false;
            }
            end++;
            if ((weak || !isWeak) && same(address + i, end - i, etag)) {
                return true;
            }
            i = end;
        }
        return false;
    }

    /** Strong comparison of one tag, as If-Range requires. */
    static boolean equalsStrong(long address, int length, byte[] etag) {
        return same(address, length, etag);
    }

    private static boolean same(long address, int length, byte[] etag) {
        if (length != etag.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (getByte(address + i) != etag[i]) {
                return false;
            }
        }
        return true;
    }
}
