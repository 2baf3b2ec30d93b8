/**
 * JMH benchmarks of TLS in memory: OpenSSL 3 through FFM with memory BIOs ({@code dev.lightpath.tls.TlsSession})
 * beside the JDK's {@code SSLEngine}, client and server in one thread with the bytes passed between them. Full
 * TLS 1.3 handshakes with an ECDSA P-256 certificate made at setup, and records (server encrypts, client
 * decrypts) of 1 kB and 16 kB. {@code TlsCpuTime} times the same operations by the thread's CPU clock, for a
 * machine shared with other work.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.tls;
