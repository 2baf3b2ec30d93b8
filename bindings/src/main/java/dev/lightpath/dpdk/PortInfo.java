package dev.lightpath.dpdk;

/** What a port can do, from {@code rte_eth_dev_info_get}. */
public record PortInfo(String driver, int maxRxQueues, int maxTxQueues, long rxOffloadCapabilities,
                       long txOffloadCapabilities, long rssHashFunctions, int rssKeySize, int retaSize,
                       int minMtu, int maxMtu) {
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
