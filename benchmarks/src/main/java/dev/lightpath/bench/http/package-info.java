/**
 * JMH benchmarks of the HTTP request parser and of one keep-alive exchange through the stack above IP.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.http;
