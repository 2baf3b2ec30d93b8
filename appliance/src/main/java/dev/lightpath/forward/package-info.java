/**
 * Layer 2 forwarding straight on DPDK ports, without the stack: the l2fwd loop ({@code L2Forwarder}), the baseline
 * the engine's per-packet cost is measured against, and the demo that runs it between memif cables in one
 * process ({@code ForwardingDemo}). It runs on ports of its own, not as an application of the engine.
 *
 * <p>Layer: beside the applications, above {@code engine}. May import {@code dpdk}; uses nothing else of the
 * project.
 */
package dev.lightpath.forward;
