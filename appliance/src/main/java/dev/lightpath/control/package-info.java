/**
 * The program: {@code bin/appliance}'s entry point and its sub-commands ({@code run}, {@code loadgen},
 * {@code demo}, {@code stat}, {@code check-config}, {@code bench}), the signals that stop them, and the stack
 * warm-up run before the port takes traffic. Each command turns flags and configuration into settings and hands
 * them to the engine.
 *
 * <p>Layer: the top of the appliance module. May import every package below it, its sub-packages
 * {@code control.config}, {@code control.metrics} and {@code control.logging} included; they never import it.
 */
package dev.lightpath.control;
