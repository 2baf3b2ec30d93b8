/**
 * The JIT warm-up: the configured HTTP server and load clients exchanging traffic through a private copy of the
 * stack ({@code engine.StackPair}, lossy, on a simulated clock) before the port takes any, so that the compiler
 * has seen the paths real traffic will take, HTTPS's too when [tls] is on. The engine runs it at the moment it is given one
 * ({@code Appliance.warmUpWith}); {@code control} decides what it serves.
 *
 * <p>Layer: above {@code loadgen} and {@code http}, both of which it runs. May import {@code loadgen}, {@code http},
 * {@code tls}, {@code engine} and everything below them; nothing of {@code report} or {@code control}.
 */
package dev.lightpath.warmup;
