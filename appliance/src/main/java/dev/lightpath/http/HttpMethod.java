package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;

/** Request methods as small integers, recognised from the bytes in place (RFC 9110 section 9). */
public final class HttpMethod {
    public static final int UNKNOWN = 0;
    public static final int GET = 1;
    public static final int HEAD = 2;
    public static final int POST = 3;
    public static final int PUT = 4;
    public static final int DELETE = 5;
    public static final int OPTIONS = 6;
    public static final int TRACE = 7;
    public static final int CONNECT = 8;
    public static final int PATCH = 9;

    private static final String[] NAMES = {"", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"};

    private HttpMethod() {
    }

    /** The method whose name is the {@code length} bytes at {@code address}; methods are case-sensitive. */
    public static int of(long address, int length) {
        return switch (length) {
            case 3 -> matches(address, GET) ? GET : matches(address, PUT) ? PUT : UNKNOWN;
            case 4 -> matches(address, HEAD) ? HEAD : matches(address, POST) ? POST : UNKNOWN;
            case 5 -> matches(address, TRACE) ? TRACE : matches(address, PATCH) ? PATCH : UNKNOWN;
            case 6 -> matches(address, DELETE) ? DELETE : UNKNOWN;
            case 7 -> matches(address, OPTIONS) ? OPTIONS : matches(address, CONNECT) ? CONNECT : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    public static String name(int method) {
        return NAMES[method];
    }

    /** Bit of {@code method} in a set of methods. */
    public static int bit(int method) {
        return 1 << method;
    }

    /** The methods of {@code set} as an {@code Allow} value ("GET, HEAD"). */
    public static String allowList(int set) {
        StringBuilder allow = new StringBuilder();
        for (int m = GET; m < NAMES.length; m++) {
            if ((set & bit(m)) != 0) {
                allow.append(allow.isEmpty() ? "" : ", ").append(NAMES[m]);
            }
        }
        return allow.toString();
    }

    private static boolean matches(long address, int method) {
        String name = NAMES[method];
        for (int i = 0; i < name.length(); i++) {
            if (NativeMemory.getByte(address + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
