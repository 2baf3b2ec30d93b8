/**
 * How the JMH benchmarks are measured, declared once: the run settings each kind of benchmark inherits
 * ({@code NanosPerOperation}, {@code OperationsPerSecond}), so that benchmarks meant to be read side by side are
 * measured alike.
 *
 * <p>Layer: below the benchmark packages, which may import it. May import nothing of the project.
 */
package dev.lightpath.bench;
