/**
 * Time as the engine reads it: {@link dev.lightpath.time.Clock}, monotonic nanoseconds, and the
 * {@link dev.lightpath.time.SimulatedClock} that tests move by hand, so every timer above runs the same in both.
 *
 * <p>Layer: beside {@code metrics}, above {@code dpdk}. Imports nothing of the project.
 */
package dev.lightpath.time;
