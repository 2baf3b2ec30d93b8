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
    public static final long TX_TCP_TSO = 0x20L;
    public static final long TX_MULTI_SEGS = 0x8000L;
    public static final long TX_MBUF_FAST_FREE = 0x10000L;

    public static final long RX_VLAN_STRIP = 0x1L;
    public static final long RX_IPV4_CKSUM = 0x2L;
    public static final long RX_UDP_CKSUM = 0x4L;
    public static final long RX_TCP_CKSUM = 0x8L;
    public static final long RX_TCP_LRO = 0x10L;
    public static final long RX_SCATTER = 0x2000L;
    public static final long RX_RSS_HASH = 0x80000L;

    /** RSS hash functions ({@code rss_hf}). */
    public static final long RSS_IPV4 = 0x4L;
    public static final long RSS_FRAG_IPV4 = 0x8L;
    public static final long RSS_NONFRAG_IPV4_TCP = 0x10L;
    public static final long RSS_NONFRAG_IPV4_UDP = 0x20L;
    public static final long RSS_NONFRAG_IPV4_OTHER = 0x80L;
    public static final long RSS_IPV6 = 0x100L;
    public static final long RSS_NONFRAG_IPV6_TCP = 0x400L;
    public static final long RSS_NONFRAG_IPV6_UDP = 0x800L;
    /** The hash functions that spread IPv4 flows: without one of them a port's RSS is not used. */
    public static final long RSS_FOR_IPV4 = RSS_IPV4 | RSS_NONFRAG_IPV4_TCP | RSS_NONFRAG_IPV4_UDP;
    /**
     * The same for IPv6: over the addresses and, for TCP and UDP not fragmented, the ports, as the software hash
     * ({@code RssHash.hash6}) takes them.
     */
    public static final long RSS_FOR_IPV6 = RSS_IPV6 | RSS_NONFRAG_IPV6_TCP | RSS_NONFRAG_IPV6_UDP;

    private static final long[] RX_BITS = {RX_VLAN_STRIP, RX_IPV4_CKSUM, RX_UDP_CKSUM, RX_TCP_CKSUM, RX_TCP_LRO,
            RX_SCATTER, RX_RSS_HASH};
    private static final String[] RX_NAMES = {"vlan-strip", "ipv4-cksum", "udp-cksum", "tcp-cksum", "tcp-lro",
            "scatter", "rss-hash"};
    private static final long[] TX_BITS = {TX_VLAN_INSERT, TX_IPV4_CKSUM, TX_UDP_CKSUM, TX_TCP_CKSUM, TX_TCP_TSO,
            TX_MULTI_SEGS, TX_MBUF_FAST_FREE};
    private static final String[] TX_NAMES = {"vlan-insert", "ipv4-cksum", "udp-cksum", "tcp-cksum", "tcp-tso",
            "multi-segs", "mbuf-fast-free"};

    private Offloads() {
    }

    /**
     * The hash functions to program into a port that offers {@code offered}: both families' TCP, UDP and address
     * hashes, as far as it offers them, so that its hash of an IPv4 or IPv6 flow is the one software steering
     * computes. Nothing else: a hash over other fields would send a flow's packets to different cores.
     */
    public static long rssHashFunctions(long offered) {
        return offered & (RSS_FOR_IPV4 | RSS_FOR_IPV6);
    }

    /** The receive offloads among {@code bits} that this class names, comma-separated; "none" for none. */
    public static String describeRx(long bits) {
        return describe(bits, RX_BITS, RX_NAMES);
    }

    /** The transmit offloads among {@code bits} that this class names, comma-separated; "none" for none. */
    public static String describeTx(long bits) {
        return describe(bits, TX_BITS, TX_NAMES);
    }

    private static String describe(long bits, long[] known, String[] names) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < known.length; i++) {
            if ((bits & known[i]) != 0) {
                text.append(text.isEmpty() ? "" : ",").append(names[i]);
            }
        }
        return text.isEmpty() ? "none" : text.toString();
    }
}
