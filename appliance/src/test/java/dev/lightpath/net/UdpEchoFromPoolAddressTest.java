package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A datagram sent to an address of a client pool the network layer holds is echoed from that address, in each
 * family, as TCP answers from it; one sent to the interface's own address is still echoed from that one. The echoes
 * over IPv6 are counted apart from IPv4's.
 */
class UdpEchoFromPoolAddressTest {
    private static final int PEER_IP = UdpEchoBed.PEER_IP;

    private final UdpEchoBed bed = new UdpEchoBed(net -> {
        net.holdAlso(AddressPool.parse(List.of("198.18.0.64/29")));
        net.holdAlso6(Ipv6AddressPool.parse(List.of("2001:db8::100/120")));
    });

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void anIpv4DatagramToAPoolAddressIsEchoedFromThatAddress() {
        for (String to : new String[] {"198.18.0.66", "198.18.0.70", "198.18.0.1"}) {
            int address = Ipv4Address.parse(to);
            bed.deliver(Frames.udp(bed.pool, UdpEchoBed.PEER_MAC, UdpEchoBed.OUR_MAC, PEER_IP, address, 40000, 7, 12,
                    true));
            try (MbufBurst in = new MbufBurst()) {
                assertEquals(1, bed.peer.receive(0, in), "an echo of the datagram to " + to);
                long ip = Mbuf.data(in.get(0)) + 14;
                assertEquals(17, NativeMemory.getU8(ip + 9));
                assertEquals(address, NativeMemory.getI32Be(ip + 12), "from " + to);
                assertEquals(PEER_IP, NativeMemory.getI32Be(ip + 16));
                long udp = ip + 20;
                assertEquals(7, NativeMemory.getU16Be(udp));
                assertEquals(40000, NativeMemory.getU16Be(udp + 2));
                long pseudo = (address >>> 16) + (address & 0xFFFF) + (PEER_IP >>> 16) + (PEER_IP & 0xFFFF) + 17 + 20;
                assertEquals(0, Frames.independentChecksum(udp, 20, pseudo),
                        "the checksum verifies over a pseudo-header that names " + to);
                bed.pool.free(in);
            }
        }
        assertEquals(3, bed.echo.echoed());
        assertEquals(0, counters().get("udp.echo.datagrams_ipv6"), "none of them over IPv6");
    }

    @Test
    void anIpv6DatagramToAPoolAddressIsEchoedFromThatAddress() {
        for (String to : new String[] {"2001:db8::101", "2001:db8::1ff", "2001:db8::1"}) {
            long[] address = Ipv6Address.parse(to);
            bed.deliver(bed.datagram6(address, 40000, 7, true));
            bed.assertEcho6(address, 7, 40000);
        }
        assertEquals(3, bed.echo.echoed());
        assertEquals(3, counters().get("udp.echo.datagrams_ipv6"), "each counted in its family");
        assertEquals(0, bed.net.counters().ipv6.dropNoRoute);
    }

    private Map<String, Long> counters() {
        Map<String, Long> counters = new TreeMap<>();
        bed.echo.forEach(counters::put);
        return counters;
    }
}
