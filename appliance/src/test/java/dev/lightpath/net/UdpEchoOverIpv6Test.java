package dev.lightpath.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The UDP echo over IPv6 through the network layer: a datagram comes back to its sender with a checksum over the
 * IPv6 pseudo-header; one from a service port, or with the zero checksum IPv6 forbids, does not.
 */
class UdpEchoOverIpv6Test {
    private final UdpEchoBed bed = new UdpEchoBed(net -> {
    });

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aDatagramIsEchoedOverIpv6AndOthersAreDropped() {
        bed.deliver(bed.datagram6(UdpEchoBed.OURS, 40000, 7, true));
        bed.assertEcho6(UdpEchoBed.OURS, 7, 40000);
        assertEquals(1, bed.echo.echoed());

        bed.deliver(bed.datagram6(UdpEchoBed.OURS, 53, 7, true));
        bed.deliver(bed.datagram6(UdpEchoBed.OURS, 40000, 7, false));
        assertEquals(0, bed.peer.pending(), "neither from a service port nor without a checksum");
        assertEquals(1, bed.net.counters().ipv6.dropChecksum);
        assertEquals(1, bed.echo.echoed());
    }
}
