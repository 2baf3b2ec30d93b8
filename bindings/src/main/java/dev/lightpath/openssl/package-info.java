/**
 * OpenSSL 3 (Debian's {@code libssl3}) through FFM: hand-written downcall handles for the few functions a TLS
 * endpoint over memory BIOs needs ({@link dev.lightpath.openssl.LibSsl}), the error queue turned into
 * {@link dev.lightpath.openssl.OpenSslException}, and an owned {@code SSL_CTX} ({@link
 * dev.lightpath.openssl.SslContext}). Pointers cross as plain {@code long}s, as in the DPDK shim, so the record
 * path allocates nothing on the Java heap.
 *
 * <p>Why not jextract, as for DPDK: OpenSSL's surface here is about thirty functions over opaque pointers and
 * ints, with no struct the Java side reads; several of the calls it needs are macros over {@code SSL_CTX_ctrl},
 * {@code SSL_ctrl} and {@code BIO_ctrl}, which jextract does not generate; and its headers would yield thousands
 * of generated lines for those thirty. docs/TLS.md gives the whole choice.
 *
 * <p>Layer: beside {@code dpdk}, the lowest the project writes. May import the JDK only.
 */
package dev.lightpath.openssl;
