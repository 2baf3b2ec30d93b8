package dev.lightpath.dpdk;

import java.util.Arrays;

/**
 * How to configure a port. Offloads and RSS are requests: {@link Port#configure} enables only what the port
 * reports it can do, and {@link Port} then says what it got.
 *
 * @param rssKey the Toeplitz key for hardware RSS (40 bytes; a symmetric key makes both directions of a flow
 *               hash alike), or null for the port's default
 * @param scatter enable scattered receive (frames longer than a receive buffer arrive chained) where offered
 * @param tso     enable TCP segmentation offload, with multi-segment transmit and the TCP checksum it needs,
 *                where offered
 */
public record PortConfig(int rxQueues, int txQueues, int rxDescriptors, int txDescriptors,
                         boolean rss, byte[] rssKey, boolean txChecksumOffload, boolean rxChecksumOffload,
                         boolean scatter, boolean tso) {
    /** Neither scattered receive nor TSO. */
    public PortConfig(int rxQueues, int txQueues, int rxDescriptors, int txDescriptors, boolean rss, byte[] rssKey,
                      boolean txChecksumOffload, boolean rxChecksumOffload) {
        this(rxQueues, txQueues, rxDescriptors, txDescriptors, rss, rssKey, txChecksumOffload, rxChecksumOffload,
                false, false);
    }

    public PortConfig {
        if (rxQueues < 1 || txQueues < 1) {
            throw new IllegalArgumentException("a port needs at least one rx and one tx queue");
        }
        if (rssKey != null) {
            rssKey = rssKey.clone();
        }
    }

    public static PortConfig simple(int queues) {
        return new PortConfig(queues, queues, 1024, 1024, queues > 1, null, true, true);
    }

    @Override
    public byte[] rssKey() {
        return rssKey == null ? null : rssKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortConfig p && rxQueues == p.rxQueues && txQueues == p.txQueues
                && rxDescriptors == p.rxDescriptors && txDescriptors == p.txDescriptors && rss == p.rss
                && Arrays.equals(rssKey, p.rssKey) && txChecksumOffload == p.txChecksumOffload
                && rxChecksumOffload == p.rxChecksumOffload && scatter == p.scatter && tso == p.tso;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rssKey) * 31 + rxQueues * 7 + txQueues;
    }
}
