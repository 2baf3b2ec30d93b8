/**
 * JMH benchmarks of the load generator: what its core spends per request, beside the server's, with both whole
 * stacks in one process.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.loadgen;
