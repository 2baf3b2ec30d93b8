/**
 * JMH benchmark of the receive path per packet: Ethernet, IPv4 and dispatch to the transport, over in-memory mbufs.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.net;
