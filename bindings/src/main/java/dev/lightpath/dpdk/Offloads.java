package dev.lightpath.dpdk;

/**
 * ethdev capability and configuration bits (RTE_ETH_*), checked against the installed headers by
 * {@code StructLayoutTest}.
 */
public final class Offloads {
    public static final long TX_VLAN_INSERT = 0x1L;
    public static final long TX_IPV4_CKSUM = 0x2L;
    public static final long TX_UDP_CKSUM = 0x4L;
    public static final long TX_TCP_CKSUM = 0x8L;
    public static final long TX_MBUF_FAST_FREE = 0x10000L;

    public static final long RX_VLAN_STRIP = 0x1L;
    public static final long RX_IPV4_CKSUM = 0x2L;
    public static final long RX_UDP_CKSUM = 0x4L;
    public static final long RX_TCP_CKSUM = 0x8L;
    public static final long RX_RSS_HASH = 0x80000L;

    /** RSS hash functions ({@code rss_hf}). */
    public static final long RSS_IPV4 = 0x4L;
    public static final long RSS_FRAG_IPV4 = 0x8L;
    public static final long RSS_NONFRAG_IPV4_TCP = 0x10L;
    public static final long RSS_NONFRAG_IPV4_UDP = 0x20L;
    public static final long RSS_NONFRAG_IPV4_OTHER = 0x80L;

    private Offloads() {
    }
}
