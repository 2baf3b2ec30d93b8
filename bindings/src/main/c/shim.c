#include "shim.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <rte_alarm.h>
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

static void lp_interrupt_thread_reached(void *reached) {
    __atomic_store_n((int *) reached, 1, __ATOMIC_RELEASE);
}

/*
 * DPDK runs its interrupt callbacks (a memif control channel's, its alarms) one after another on one thread.
 * An alarm set now runs there only after the callback under way has returned, so waiting for it waits out
 * whatever that thread was doing: memif's disconnect, say, which has marked the link down before it unmaps
 * the shared memory and frees its regions.
 */
int lp_await_interrupt_thread(unsigned timeout_ms) {
    int *reached = calloc(1, sizeof *reached);
    if (reached == NULL) {
        return -ENOMEM;
    }
    int ret = rte_eal_alarm_set(1, lp_interrupt_thread_reached, reached);
    if (ret < 0) {
        free(reached);
        return ret;
    }
    struct timespec pause = { .tv_sec = 0, .tv_nsec = 100000 };
    for (unsigned waited_us = 0; !__atomic_load_n(reached, __ATOMIC_ACQUIRE) && waited_us < timeout_ms * 1000u;
         waited_us += 100) {
        nanosleep(&pause, NULL);
    }
    /* Cancelling waits for a callback that is running, so the flag can be freed afterwards either way. */
    rte_eal_alarm_cancel(lp_interrupt_thread_reached, reached);
    ret = __atomic_load_n(reached, __ATOMIC_ACQUIRE) ? 0 : -ETIMEDOUT;
    free(reached);
    return ret;
}
