/**
 * The HTTP/1.1 server over a {@code TcpStream}: the incremental request parser ({@link
 * dev.lightpath.http.HttpRequestParser}), the chunked body decoder, routes from configuration, static content
 * prepared once off-heap, response heads, the request log and the server's counters; and the server as the
 * engine runs it on each core ({@code HttpServing}, the factory, which serves HTTPS too through {@code tls}'s layer,
 * and {@code HttpApplication}). What the load generator
 * needs to read responses lives in {@code loadgen}, which may use this package's scanning helpers.
 *
 * <p>Layer: above {@code engine}, whose per-core application interface it implements. May import {@code engine},
 * {@code tls}, {@code tcp} and everything below them; nothing of the packages above.
 */
package dev.lightpath.http;
