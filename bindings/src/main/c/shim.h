/*
 * The shim: exported wrappers for the parts of DPDK's fast path that are static inline in its headers,
 * so Java can reach them through FFM downcalls. One call per burst. Besides them only what needs a C callback
 * on a DPDK thread.
 */
#ifndef LIGHTPATH_SHIM_H
#define LIGHTPATH_SHIM_H
#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;
struct rte_ring;

uint16_t lp_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n);
uint16_t lp_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n);
/* Allocates exactly n mbufs or none: returns 0 on success, a negative errno otherwise. */
int lp_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned n);
void lp_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned n);
unsigned lp_ring_enqueue_burst(struct rte_ring *ring, void **objs, unsigned n);
unsigned lp_ring_dequeue_burst(struct rte_ring *ring, void **objs, unsigned n);
unsigned lp_ring_count(const struct rte_ring *ring);
/* rte_errno is a per-lcore thread-local: this reads the calling thread's copy. */
int lp_errno(void);
unsigned lp_lcore_id(void);
/* The DPDK version the shim was compiled against, e.g. "DPDK 22.11.11". */
const char *lp_dpdk_version(void);
/* Waits, at most timeout_ms, until DPDK's interrupt thread has finished the callback it was running:
 * 0 when it has, -ETIMEDOUT when not, another negative errno when no alarm could be set. */
int lp_await_interrupt_thread(unsigned timeout_ms);

#endif
