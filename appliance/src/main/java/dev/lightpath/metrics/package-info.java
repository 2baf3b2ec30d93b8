/**
 * Counters as they leave a core: the visitor a layer reports its plain counter fields through
 * ({@link dev.lightpath.metrics.CounterVisitor}, {@link dev.lightpath.metrics.CounterSource}), the shared-memory
 * counters file each worker publishes into ({@link dev.lightpath.metrics.SharedCounters}) and its reader for other
 * processes. What a counter means is the business of the layer that owns it; how it is served (Prometheus,
 * {@code stat}) is {@code control}'s.
 *
 * <p>Layer: beside {@code time}, above {@code dpdk}. Imports nothing of the project, only Agrona and the JDK.
 */
package dev.lightpath.metrics;
