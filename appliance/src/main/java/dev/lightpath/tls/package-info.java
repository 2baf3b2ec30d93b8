/**
 * TLS over TCP: {@link dev.lightpath.tls.TlsSession} wraps one OpenSSL connection whose input and output are
 * memory BIOs, so the worker that owns a TCP connection feeds it the ciphertext it received and takes the
 * records to send, with no socket, thread or lock of OpenSSL's own; {@link dev.lightpath.tls.TlsLayer} puts such
 * sessions between TCP and an application that sees plaintext streams (the HTTP server, for HTTPS), with one
 * context per core ({@link dev.lightpath.tls.TlsServerSettings}); and {@link
 * dev.lightpath.tls.SelfSignedCertificate} makes the ECDSA P-256 certificate a demo or a test serves.
 *
 * <p>Layer: beside {@code engine}, above {@code tcp}, whose handler interface it implements, and below
 * {@code http}, which serves HTTPS through it. May import {@code tcp}, {@code net}, {@code wire}, {@code io},
 * {@code openssl}, {@code dpdk}, {@code time}, {@code metrics}, {@code host} and the JDK.
 */
package dev.lightpath.tls;
