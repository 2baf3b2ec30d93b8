/**
 * The echo protocol (RFC 862) on port 7 as an application of the engine: {@code TcpEcho} over each core's TCP,
 * {@code UdpEcho} over its network layer with its guards against reflection, their limits ({@code EchoSettings}),
 * and {@code EchoService}, the factory the engine builds them with on every core.
 *
 * <p>Layer: above {@code engine}, whose per-core application interface it implements. May import {@code engine},
 * {@code tcp}, {@code net} and everything below them; nothing of the packages above.
 */
package dev.lightpath.echo;
