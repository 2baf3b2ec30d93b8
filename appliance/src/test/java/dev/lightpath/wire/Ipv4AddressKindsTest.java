package dev.lightpath.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPv4 addresses no single node holds, each told apart with its reason, and the two addresses of a subnet
 * that name it rather than a node, at the edges of each block.
 */
class Ipv4AddressKindsTest {
    private static String why(String address) {
        return Ipv4Address.whyNoNodeHolds(Ipv4Address.parse(address));
    }

    private static String edge(String address, int prefix) {
        return Ipv4Address.whySubnetReserves(Ipv4Address.parse(address), prefix);
    }

    @Test
    void eachKindNoNodeHoldsIsToldWithItsReason() {
        assertEquals("the unspecified address, which stands for no address", why("0.0.0.0"));
        assertTrue(why("127.0.0.1").startsWith("a loopback address (127.0.0.0/8)"), why("127.0.0.1"));
        assertTrue(why("127.255.255.255").startsWith("a loopback address"));
        assertTrue(why("224.0.0.1").startsWith("a multicast address (224.0.0.0/4)"), why("224.0.0.1"));
        assertTrue(why("239.255.255.255").startsWith("a multicast address"));
        assertTrue(why("240.0.0.1").startsWith("in the reserved block 240.0.0.0/4"), why("240.0.0.1"));
        assertTrue(why("255.255.255.254").startsWith("in the reserved block"));
        assertTrue(why("255.255.255.255").startsWith("the limited broadcast address"), why("255.255.255.255"));
    }

    @Test
    void theirNeighboursAreUnicast() {
        for (String unicast : new String[] {"0.0.0.1", "1.2.3.4", "126.255.255.255", "128.0.0.0", "198.18.0.1",
            "223.255.255.255"}) {
            assertNull(why(unicast), unicast);
        }
        assertTrue(Ipv4Address.isLoopback(Ipv4Address.parse("127.0.0.0")));
        assertTrue(Ipv4Address.isMulticast(Ipv4Address.parse("224.0.0.0")));
        assertTrue(Ipv4Address.isReserved(Ipv4Address.parse("240.0.0.0")));
        assertTrue(!Ipv4Address.isReserved(-1) && Ipv4Address.isLimitedBroadcast(-1), "told apart from the block");
        assertTrue(Ipv4Address.isUnspecified(0) && !Ipv4Address.isUnspecified(1));
    }

    @Test
    void aSubnetsNetworkAndBroadcastAddressesAreNoNodesSaveOnASlash31OrSlash32() {
        assertEquals("the network address of 198.18.0.0/24, which names the subnet rather than a node on it",
                edge("198.18.0.0", 24));
        assertEquals("the broadcast address of 198.18.0.0/24, every node on the subnet rather than one",
                edge("198.18.0.255", 24));
        assertNull(edge("198.18.0.1", 24));
        assertNull(edge("198.18.0.254", 24));
        assertNull(edge("198.18.0.255", 16));
        assertTrue(edge("198.18.255.255", 16).startsWith("the broadcast address of 198.18.0.0/16"));
        assertTrue(edge("198.18.0.4", 30).startsWith("the network address of 198.18.0.4/30"));
        assertTrue(edge("198.18.0.7", 30).startsWith("the broadcast address of 198.18.0.4/30"));
        assertNull(edge("198.18.0.4", 31), "RFC 3021: both addresses of a /31 are its two ends'");
        assertNull(edge("198.18.0.5", 31));
        assertNull(edge("198.18.0.0", 32));
    }
}
