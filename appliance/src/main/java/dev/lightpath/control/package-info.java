/**
 * The program: {@code bin/appliance}'s entry point and its sub-commands ({@code run}, {@code loadgen},
 * {@code demo}, {@code stat}, {@code check-config}, {@code bench}) and the signals that stop them. Each
 * command turns flags and configuration into the engine's settings and the applications it hands the engine to
 * run on each core ({@code ServedApplications} for {@code run} and {@code demo}).
 *
 * <p>Layer: the top of the appliance module. May import every package below it, its sub-packages
 * {@code control.config}, {@code control.metrics} and {@code control.logging} included; they never import it.
 */
package dev.lightpath.control;
