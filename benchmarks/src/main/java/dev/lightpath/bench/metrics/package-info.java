/**
 * JMH benchmark of publishing a core's counters into the shared counters file.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.metrics;
