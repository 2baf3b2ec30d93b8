/*
 * The l2fwd loop in C, the yardstick for the Java loop (L2Forwarder): the same receive, MAC rewrite and
 * transmit on one port's queue 0, for a number of bursts in one call. Built with the shim's sources by the
 * benchmark module (see benchmarks/pom.xml).
 */
#include <stdint.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

uint64_t lp_bench_l2fwd(uint16_t port, uint64_t bursts, uint64_t destination, uint64_t source) {
    struct rte_ether_addr dst, src;
    for (int i = 0; i < 6; i++) {
        dst.addr_bytes[i] = (uint8_t)(destination >> (40 - 8 * i));
        src.addr_bytes[i] = (uint8_t)(source >> (40 - 8 * i));
    }
    struct rte_mbuf *pkts[32];
    uint64_t forwarded = 0;
    for (uint64_t b = 0; b < bursts; b++) {
        uint16_t n = rte_eth_rx_burst(port, 0, pkts, 32);
        for (uint16_t i = 0; i < n; i++) {
            struct rte_ether_hdr *eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
            rte_ether_addr_copy(&dst, &eth->dst_addr);
            rte_ether_addr_copy(&src, &eth->src_addr);
        }
        uint16_t sent = rte_eth_tx_burst(port, 0, pkts, n);
        if (sent < n) {
            rte_pktmbuf_free_bulk(pkts + sent, n - sent);
        }
        forwarded += sent;
    }
    return forwarded;
}
