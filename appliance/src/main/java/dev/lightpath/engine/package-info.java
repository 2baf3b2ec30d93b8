/**
 * The runtime on a port: the EAL, the port and its queues, the mempool, one pinned worker per core and its duty
 * cycle, flow steering between cores (the Toeplitz hash), drain on stop, the devices' counters, and one core's
 * stack put together ({@code CoreStack}). Today it also builds the applications it runs (the HTTP server, TCP and
 * UDP echo, the l2fwd loop), which is why it sits above {@code http}: see docs/ARCHITECTURE.md.
 *
 * <p>Layer: above {@code http}. May import {@code http}, {@code tcp}, {@code net}, {@code io}, {@code wire},
 * {@code metrics}, {@code time} and {@code dpdk}.
 */
package dev.lightpath.engine;
