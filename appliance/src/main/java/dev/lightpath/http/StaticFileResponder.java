package dev.lightpath.http;

import dev.lightpath.tcp.TcpStream;

import static dev.lightpath.dpdk.NativeMemory.getByte;

/**
 * Answers a request for a static route's content: the file, a redirect to a directory's slash, 404, and the
 * conditional requests and ranges of RFC 9110 (304 Not Modified, 206 Partial Content, 416). Each answer is
 * written with the server's {@link ResponseWriter}; nothing is allocated except for a redirect's location.
 */
final class StaticFileResponder {
    private final ResponseWriter writer;
    private final ByteRange byteRange = new ByteRange();

    StaticFileResponder(ResponseWriter writer) {
        this.writer = writer;
    }

    /**
     * Answers {@code request} for the normalised path in {@code path[0, length)}; returns false when the stream
     * was aborted (as {@link ResponseWriter#answer}).
     */
    boolean respond(TcpStream stream, int version, HttpRequest request, Route route, byte[] path, int length,
                    boolean headOnly, boolean keepAlive) {
        int from = route.prefix ? route.pathBytes.length - 1 : 0;
        StaticContent content = route.content;
        StaticFile file = length > from ? content.find(path, from, length) : null;
        if (file == null) {
            String directory = length > from ? content.directory(path, from, length) : "/";
            if (directory != null) {
                // "/docs" names a directory: send the client to "/docs/", whose relative links then resolve.
                String location = route.path.substring(0, from) + directory;
                return writer.error(stream, version, 301, ResponseWriter.bytes("Location: " + location + "\r\n"),
                        headOnly, keepAlive);
            }
            return writer.error(stream, version, 404, null, headOnly, keepAlive);
        }
        if (notModified(request, file)) {
            return writer.answer(stream, version, 304, file.headers(), null, 0, 0, true, keepAlive);
        }
        int range = request.range();
        if (range != HttpRequest.ABSENT && request.method() == HttpMethod.GET && rangeApplies(request, file)) {
            long size = file.length();
            int verdict = byteRange.parse(request.valueAddress(range), request.valueLength(range), size);
            if (verdict == ByteRange.UNSATISFIABLE) {
                return writer.unsatisfiable(stream, version, size, keepAlive);
            }
            if (verdict == ByteRange.APPLIES) {
                return writer.partial(stream, version, file.headers(), byteRange.first(), byteRange.last(), size,
                        file.address() + byteRange.first(), keepAlive);
            }
        }
        return writer.answer(stream, version, 200, file.headers(), null, file.address(), file.length(), headOnly,
                keepAlive);
    }

    /** RFC 9110 section 13.1.2 and 13.1.3: If-None-Match wins; If-Modified-Since only without it. */
    static boolean notModified(HttpRequest request, StaticFile file) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return false;
        }
        int field = request.ifNoneMatch();
        if (field != HttpRequest.ABSENT) {
            return ETags.matchesAny(request.valueAddress(field), request.valueLength(field), file.etag(), true);
        }
        field = request.ifModifiedSince();
        if (field != HttpRequest.ABSENT) {
            long since = HttpDate.parse(request.valueAddress(field), request.valueLength(field));
            return since != HttpDate.INVALID && file.lastModified() <= since;
        }
        return false;
    }

    /** If-Range (RFC 9110 section 13.1.5): the range applies only to the representation it names. */
    static boolean rangeApplies(HttpRequest request, StaticFile file) {
        int field = request.ifRange();
        if (field == HttpRequest.ABSENT) {
            return true;
        }
        long value = request.valueAddress(field);
        int length = request.valueLength(field);
        if (length > 0 && (getByte(value) == '"' || getByte(value) == 'W')) {
            return ETags.equalsStrong(value, length, file.etag());
        }
        long date = HttpDate.parse(value, length);
        return date != HttpDate.INVALID && date == file.lastModified();
    }
}
