/**
 * JMH benchmarks of TCP: connection lookup and the segment path, against an in-memory peer.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.tcp;
