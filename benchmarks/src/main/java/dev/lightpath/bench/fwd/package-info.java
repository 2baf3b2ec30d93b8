/**
 * JMH benchmark of the Java l2fwd loop over a net_ring port, beside the same loop in C.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.fwd;
