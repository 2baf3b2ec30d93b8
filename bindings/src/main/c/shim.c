#include "shim.h"

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_version.h>

uint16_t lp_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n) {
    return rte_eth_rx_burst(port, queue, mbufs, n);
}

uint16_t lp_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **mbufs, uint16_t n) {
    return rte_eth_tx_burst(port, queue, mbufs, n);
}

int lp_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, unsigned n) {
    return rte_pktmbuf_alloc_bulk(pool, mbufs, n);
}

void lp_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned n) {
    rte_pktmbuf_free_bulk(mbufs, n);
}

unsigned lp_ring_enqueue_burst(struct rte_ring *ring, void **objs, unsigned n) {
    return rte_ring_enqueue_burst(ring, objs, n, NULL);
}

unsigned lp_ring_dequeue_burst(struct rte_ring *ring, void **objs, unsigned n) {
    return rte_ring_dequeue_burst(ring, objs, n, NULL);
}

unsigned lp_ring_count(const struct rte_ring *ring) {
    return rte_ring_count(ring);
}

int lp_errno(void) {
    return rte_errno;
}

unsigned lp_lcore_id(void) {
    return rte_lcore_id();
}

const char *lp_dpdk_version(void) {
    return rte_version();
}
