package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;

/**
 * A parsed request head, as positions in the bytes it was parsed from (nothing is copied): valid while those
 * bytes are. One instance per core, refilled by {@link HttpRequestParser} for every request. Besides the raw
 * fields it keeps what the server acts on, found in the same pass: framing, connection options, and where the
 * conditional, range and credential fields are.
 */
public final class HttpRequest {
    /** No such field in the request. */
    public static final int ABSENT = -1;

    int method;
    long methodAddress;
    int methodLength;
    long targetAddress;
    int targetLength;
    /** 10 for HTTP/1.0, 11 for HTTP/1.1 (and any later 1.x, answered as 1.1). */
    int version;
    int headLength;

    final long[] nameAddress;
    final int[] nameLength;
    final long[] valueAddress;
    final int[] valueLength;
    int fields;

    long contentLength;
    boolean chunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean expectContinue;
    int host;
    int ifNoneMatch;
    int ifModifiedSince;
    int range;
    int ifRange;
    int authorization;

    public HttpRequest(int maxFields) {
        nameAddress = new long[maxFields];
        nameLength = new int[maxFields];
        valueAddress = new long[maxFields];
        valueLength = new int[maxFields];
    }

    void clear() {
        method = HttpMethod.UNKNOWN;
        version = 0;
        headLength = 0;
        fields = 0;
        contentLength = ABSENT;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        host = ABSENT;
        ifNoneMatch = ABSENT;
        ifModifiedSince = ABSENT;
        range = ABSENT;
        ifRange = ABSENT;
        authorization = ABSENT;
    }

    public int method() {
        return method;
    }

    public long targetAddress() {
        return targetAddress;
    }

    public int targetLength() {
        return targetLength;
    }

    public int version() {
        return version;
    }

    /** Bytes of the request line and header section, including the empty line that ends it. */
    public int headLength() {
        return headLength;
    }

    public int fieldCount() {
        return fields;
    }

    public long nameAddress(int field) {
        return nameAddress[field];
    }

    public int nameLength(int field) {
        return nameLength[field];
    }

    public long valueAddress(int field) {
        return valueAddress[field];
    }

    public int valueLength(int field) {
        return valueLength[field];
    }

    /** The body length from {@code Content-Length}, or {@link #ABSENT}. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public boolean expectContinue() {
        return expectContinue;
    }

    /** Whether the connection stays open after the response (RFC 9112 section 9.3). */
    public boolean keepAlive() {
        return version >= 11 ? !connectionClose : connectionKeepAlive && !connectionClose;
    }

    public int host() {
        return host;
    }

    public int ifNoneMatch() {
        return ifNoneMatch;
    }

    public int ifModifiedSince() {
        return ifModifiedSince;
    }

    public int range() {
        return range;
    }

    public int ifRange() {
        return ifRange;
    }

    public int authorization() {
        return authorization;
    }

    /** The field's value as a string: for tests and logs, never on the fast path. */
    public String value(int field) {
        return field == ABSENT ? null : string(valueAddress[field], valueLength[field]);
    }

    public String target() {
        return string(targetAddress, targetLength);
    }

    public String name(int field) {
        return string(nameAddress[field], nameLength[field]);
    }

    static String string(long address, int length) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
