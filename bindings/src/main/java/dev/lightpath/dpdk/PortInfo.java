package dev.lightpath.dpdk;

/**
 * What a port can do, from {@code rte_eth_dev_info_get}. {@code txSegmentsMax} is the most mbufs one transmitted
 * packet may chain ({@code tx_desc_lim.nb_seg_max}); drivers with no limit report 0 or 65535. {@code ifIndex} is
 * the kernel interface a driver over one names (af_packet's, tap's), else 0.
 */
public record PortInfo(String driver, int maxRxQueues, int maxTxQueues, long rxOffloadCapabilities,
                       long txOffloadCapabilities, long rssHashFunctions, int rssKeySize, int retaSize,
                       int minMtu, int maxMtu, int txSegmentsMax, int ifIndex) {
    /** The most mbufs one transmitted packet may chain; {@link Integer#MAX_VALUE} where the port sets no limit. */
    public int txSegmentsLimit() {
        return txSegmentsMax == 0 || txSegmentsMax == 0xFFFF ? Integer.MAX_VALUE : txSegmentsMax;
    }

    public boolean supportsRss() {
        return rssHashFunctions != 0 && maxRxQueues > 1;
    }

    public boolean supportsTx(long offload) {
        return (txOffloadCapabilities & offload) == offload;
    }

    public boolean supportsRx(long offload) {
        return (rxOffloadCapabilities & offload) == offload;
    }
}
