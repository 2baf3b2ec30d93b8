/**
 * The runtime on a port: the EAL, the port and its queues, the mempool, one pinned worker per core and its duty
 * cycle, flow steering between cores (the Toeplitz hash), drain on stop, the devices' counters, one core's stack
 * put together ({@code CoreStack}), and two stacks on an in-memory cable ({@code StackPair}). What runs above TCP
 * on each core comes from outside, as a {@code CoreApplication.Factory}: the engine knows no application.
 *
 * <p>Layer: above {@code tcp}. May import {@code tcp}, {@code net}, {@code io}, {@code wire}, {@code host},
 * {@code metrics}, {@code time} and {@code dpdk}.
 */
package dev.lightpath.engine;
