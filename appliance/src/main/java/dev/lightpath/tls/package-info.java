/**
 * TLS over TCP payload bytes: {@link dev.lightpath.tls.TlsSession} wraps one OpenSSL connection whose input and
 * output are memory BIOs, so the worker that owns a TCP connection feeds it the ciphertext it received and
 * takes the records to send, with no socket, thread or lock of OpenSSL's own; and {@link
 * dev.lightpath.tls.SelfSignedCertificate} makes the ECDSA P-256 certificate a demo or a test serves.
 *
 * <p>Layer: beside {@code wire} and {@code io}, below {@code tcp} and {@code http} that will carry it. May import
 * {@code openssl}, {@code dpdk}, {@code time}, {@code metrics}, {@code host} and the JDK.
 */
package dev.lightpath.tls;
