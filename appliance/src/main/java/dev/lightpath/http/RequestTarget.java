package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Turns a request-target into the path that routes and files are looked up by: the path of origin-form or
 * absolute-form (RFC 9112 section 3.2), without query, percent-decoded, with "." and ".." segments resolved and
 * repeated slashes merged. A path that climbs above the root, however its dots and slashes are encoded, and a
 * decoded NUL or malformed escape, are errors: nothing outside what the routes name is reachable.
 * Writes into a caller's scratch array, allocating nothing.
 */
public final class RequestTarget {
    /** Not a path this server can answer: 400. */
    public static final int INVALID = -1;

    private RequestTarget() {
    }

    /**
     * Writes the normalised path of the target at {@code address} into {@code path}, returning its length, or
     * {@link #INVALID}. The result starts with '/'.
     */
    public static int normalize(long address, int length, byte[] path) {
        int i = 0;
        if (length > 0 && getByte(address) != '/') {
            // absolute-form: scheme "://" authority, then the path (or none: "/")
            int scheme = indexOf(address, length, 0, "://");
            if (scheme < 0) {
                return INVALID;
            }
            i = scheme + 3;
            while (i < length && getByte(address + i) != '/' && getByte(address + i) != '?') {
                i++;
            }
        }
        int n = 0;
        path[n++] = '/';
        int segmentStart = 1;
        while (i < length) {
            int b = getByte(address + i) & 0xff;
            if (b == '?' || b == '#') {
                break;
            }
            i++;
            if (b == '%') {
                if (i + 2 > length) {
                    return INVALID;
                }
                int high = hex(getByte(address + i));
                int low = hex(getByte(address + i + 1));
                if (high < 0 || low < 0) {
                    return INVALID;
                }
                b = high << 4 | low;
                i += 2;
                if (b == 0) {
                    return INVALID;
                }
            }
            if (b == '/') {
                n = endSegment(path, segmentStart, n);
                if (n < 0) {
                    return INVALID;
                }
                if (path[n - 1] != '/') {
                    if (n == path.length) {
                        return INVALID;
                    }
                    path[n++] = '/';
                }
                segmentStart = n;
                continue;
            }
            if (n == path.length) {
                return INVALID;
            }
            path[n++] = (byte) b;
        }
        n = endSegment(path, segmentStart, n);
        return n;
    }

    /**
     * Resolves the segment just written ({@code path[start..n)}): "." is dropped, ".." drops the segment before
     * it too. Returns the new length, or {@link #INVALID} when ".." would leave the root.
     */
    private static int endSegment(byte[] path, int start, int n) {
        int length = n - start;
        if (length == 1 && path[start] == '.') {
            return start;
        }
        if (length == 2 && path[start] == '.' && path[start + 1] == '.') {
            if (start <= 1) {
                return INVALID;
            }
            int previous = start - 1;
            while (previous > 0 && path[previous - 1] != '/') {
                previous--;
            }
            return previous;
        }
        return n;
    }

    private static int indexOf(long address, int length, int from, String needle) {
        outer:
        for (int i = from; i + needle.length() <= length; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (getByte(address + i + j) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
