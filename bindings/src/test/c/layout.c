/*
 * Prints the layout of every DPDK struct field and constant the Java side relies on, as
 * "name offset size" lines (constants as "name value 0"), for StructLayoutTest to compare.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define FIELD(s, f) printf(#s "." #f " %zu %zu\n", offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define SIZE(s) printf(#s " 0 %zu\n", sizeof(struct s))
#define CONST(c) printf(#c " %llu 0\n", (unsigned long long)(c))

static unsigned link_bits(int status, int duplex, int autoneg) {
    struct rte_eth_link link;
    unsigned short bits;
    memset(&link, 0, sizeof link);
    link.link_status = status;
    link.link_duplex = duplex;
    link.link_autoneg = autoneg;
    memcpy(&bits, (char *)&link + 4, sizeof bits);
    return bits;
}

int main(void) {
    SIZE(rte_mbuf);
    FIELD(rte_mbuf, buf_addr);
    FIELD(rte_mbuf, data_off);
    FIELD(rte_mbuf, refcnt);
    FIELD(rte_mbuf, nb_segs);
    FIELD(rte_mbuf, port);
    FIELD(rte_mbuf, ol_flags);
    FIELD(rte_mbuf, packet_type);
    FIELD(rte_mbuf, pkt_len);
    FIELD(rte_mbuf, data_len);
    FIELD(rte_mbuf, vlan_tci);
    FIELD(rte_mbuf, hash);
    FIELD(rte_mbuf, buf_len);
    FIELD(rte_mbuf, pool);
    FIELD(rte_mbuf, next);
    FIELD(rte_mbuf, tx_offload);
    CONST(RTE_PKTMBUF_HEADROOM);

    SIZE(rte_eth_conf);
    FIELD(rte_eth_conf, rxmode);
    FIELD(rte_eth_conf, txmode);
    FIELD(rte_eth_conf, rx_adv_conf);
    SIZE(rte_eth_rxmode);
    FIELD(rte_eth_rxmode, mq_mode);
    FIELD(rte_eth_rxmode, offloads);
    SIZE(rte_eth_txmode);
    FIELD(rte_eth_txmode, mq_mode);
    FIELD(rte_eth_txmode, offloads);
    SIZE(rte_eth_rss_conf);
    FIELD(rte_eth_rss_conf, rss_key);
    FIELD(rte_eth_rss_conf, rss_key_len);
    FIELD(rte_eth_rss_conf, rss_hf);
    SIZE(rte_eth_dev_info);
    FIELD(rte_eth_dev_info, driver_name);
    FIELD(rte_eth_dev_info, min_mtu);
    FIELD(rte_eth_dev_info, max_mtu);
    FIELD(rte_eth_dev_info, max_rx_queues);
    FIELD(rte_eth_dev_info, max_tx_queues);
    FIELD(rte_eth_dev_info, rx_offload_capa);
    FIELD(rte_eth_dev_info, tx_offload_capa);
    FIELD(rte_eth_dev_info, reta_size);
    FIELD(rte_eth_dev_info, hash_key_size);
    FIELD(rte_eth_dev_info, flow_type_rss_offloads);
    FIELD(rte_eth_dev_info, default_txconf);
    SIZE(rte_eth_txconf);
    FIELD(rte_eth_txconf, offloads);
    SIZE(rte_eth_stats);
    FIELD(rte_eth_stats, ipackets);
    FIELD(rte_eth_stats, opackets);
    FIELD(rte_eth_stats, ibytes);
    FIELD(rte_eth_stats, obytes);
    FIELD(rte_eth_stats, imissed);
    FIELD(rte_eth_stats, ierrors);
    FIELD(rte_eth_stats, oerrors);
    FIELD(rte_eth_stats, rx_nombuf);
    SIZE(rte_eth_rss_reta_entry64);
    FIELD(rte_eth_rss_reta_entry64, mask);
    FIELD(rte_eth_rss_reta_entry64, reta);
    CONST(RTE_ETH_RETA_GROUP_SIZE);
    SIZE(rte_eth_link);
    FIELD(rte_eth_link, link_speed);
    SIZE(rte_ether_addr);

    printf("rte_eth_link.link_status.bits %u 0\n", link_bits(1, 0, 0));
    printf("rte_eth_link.link_duplex.bits %u 0\n", link_bits(0, 1, 0));
    printf("rte_eth_link.link_autoneg.bits %u 0\n", link_bits(0, 0, 1));

    CONST(RTE_MBUF_F_RX_VLAN);
    CONST(RTE_MBUF_F_RX_RSS_HASH);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_BAD);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_BAD);
    CONST(RTE_MBUF_F_RX_VLAN_STRIPPED);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_GOOD);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_GOOD);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_MASK);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_MASK);
    CONST(RTE_MBUF_F_RX_IP_CKSUM_NONE);
    CONST(RTE_MBUF_F_RX_L4_CKSUM_NONE);
    CONST(RTE_MBUF_F_TX_TCP_SEG);
    CONST(RTE_MBUF_F_TX_TCP_CKSUM);
    CONST(RTE_MBUF_F_TX_UDP_CKSUM);
    CONST(RTE_MBUF_F_TX_IP_CKSUM);
    CONST(RTE_MBUF_F_TX_IPV4);
    CONST(RTE_MBUF_F_TX_IPV6);
    CONST(RTE_MBUF_F_TX_VLAN);
    CONST(RTE_ETH_TX_OFFLOAD_VLAN_INSERT);
    CONST(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
    CONST(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
    CONST(RTE_ETH_RX_OFFLOAD_VLAN_STRIP);
    CONST(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_UDP_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
    CONST(RTE_ETH_RX_OFFLOAD_RSS_HASH);
    CONST(RTE_ETH_TX_OFFLOAD_TCP_TSO);
    CONST(RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
    CONST(RTE_ETH_RX_OFFLOAD_TCP_LRO);
    CONST(RTE_ETH_RX_OFFLOAD_SCATTER);
    CONST(RTE_ETH_RSS_IPV4);
    CONST(RTE_ETH_RSS_FRAG_IPV4);
    CONST(RTE_ETH_RSS_NONFRAG_IPV4_TCP);
    CONST(RTE_ETH_RSS_NONFRAG_IPV4_UDP);
    CONST(RTE_ETH_RSS_NONFRAG_IPV4_OTHER);
    CONST(RTE_ETH_RSS_IPV6);
    CONST(RTE_ETH_RSS_NONFRAG_IPV6_TCP);
    CONST(RTE_ETH_RSS_NONFRAG_IPV6_UDP);
    return 0;
}
