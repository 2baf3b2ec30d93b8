package dev.lightpath.dpdk;

/** A port's link ({@code struct rte_eth_link}): speed in Mb/s, up or down, duplex and autonegotiation. */
public record LinkStatus(int speedMbps, boolean up, boolean fullDuplex, boolean autoNegotiated) {
    @Override
    public String toString() {
        return up ? "up " + (speedMbps == 0 ? "(speed unknown)" : speedMbps + " Mb/s")
                + (fullDuplex ? " full-duplex" : " half-duplex") : "down";
    }
}
