package dev.lightpath.http;

/** Limits and timeouts of the HTTP server; mutable fields set before the server is built, defaults sane. */
public final class HttpSettings {
    public int port = 80;
    /** Longest request line (414 beyond). */
    public int maxRequestLine = 8192;
    /** Longest request head, request line and fields together (431 beyond). */
    public int maxHead = 16384;
    /** Most header fields in one request (431 beyond). */
    public int maxFields = 100;
    /** Largest request body (413 beyond). */
    public long maxBody = 1 << 20;
    /** Requests on one connection before the server closes it (0: no limit). */
    public int maxRequestsPerConnection = 10_000;
    /** Open connections per core before new requests are answered 503 (0: no limit). */
    public int maxConnections = 0;
    /** A request head or body that stops arriving for this long is answered 408. */
    public long requestTimeoutNanos = 10_000_000_000L;
    /** A kept-alive connection with no request for this long is closed. */
    public long keepAliveTimeoutNanos = 75_000_000_000L;
    /** Connections per core that may hold a partly received request at once (each lends a buffer). */
    public int buffers = 1024;
    /** Whether files and directories whose name starts with '.' are served from a docroot (else 404). */
    public boolean serveDotfiles = false;
    /** Longest chunk line, size and extensions with its line end (400 beyond, and the connection closed). */
    public int maxChunkLine = 4096;
    /** Longest trailer section of a chunked body, its field lines and line ends (431 beyond, closed). */
    public int maxTrailers = 16384;
    /** The access log (Common Log Format), or null for none. */
    public java.nio.file.Path accessLog;
    /** The Server field value. */
    public String serverName = "lightpath";
    /** HTTPS beside HTTP: the same server behind a TLS layer on its own port; null for HTTP alone. */
    public dev.lightpath.tls.TlsServerSettings tls;
}
