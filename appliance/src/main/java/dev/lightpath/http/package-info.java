/**
 * The HTTP/1.1 server over a {@code TcpStream}: the incremental request parser ({@link
 * dev.lightpath.http.HttpRequestParser}), the chunked body decoder, routes from configuration, static content
 * prepared once off-heap, response heads, the request log and the server's counters. What the load generator
 * needs to read responses lives in {@code loadgen}, which may use this package's scanning helpers.
 *
 * <p>Layer: above {@code tcp}. May import {@code tcp} and everything below it; nothing of {@code engine} (which
 * runs it) or the packages above.
 */
package dev.lightpath.http;
