/**
 * Time as the engine reads it: {@link dev.lightpath.time.Clock}, monotonic nanoseconds; the
 * {@link dev.lightpath.time.CycleClock} a worker advances once per duty cycle, which its core's stack reads; and
 * the {@link dev.lightpath.time.SimulatedClock} that tests move by hand, so every timer above runs the same in all.
 *
 * <p>Layer: beside {@code metrics}, above {@code dpdk}. Imports nothing of the project.
 */
package dev.lightpath.time;
