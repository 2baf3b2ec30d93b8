package dev.lightpath.net;

import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IPv6 client pool as written on the command line or in the file, and the look-ups the network layer makes. */
class Ipv6AddressPoolTest {
    private static long low(String address) {
        return Ipv6Address.parse(address)[1];
    }

    private static long high(String address) {
        return Ipv6Address.parse(address)[0];
    }

    @Test
    void aBlockHoldsItsAddressesButItsSubnetRouterAnycastAddress() {
        Ipv6AddressPool pool = Ipv6AddressPool.parse(List.of("2001:db8:1::/120"));
        assertEquals(255, pool.size());
        assertEquals(low("2001:db8:1::1"), pool.low(0));
        assertEquals(low("2001:db8:1::ff"), pool.low(254));
        assertEquals(high("2001:db8:1::1"), pool.high(254));
        assertFalse(pool.contains(high("2001:db8:1::"), 0), "the /64's subnet-router anycast address");
        assertTrue(pool.contains(high("2001:db8:1::80"), low("2001:db8:1::80")));
        assertFalse(pool.contains(high("2001:db8:1::100"), low("2001:db8:1::100")));
        assertFalse(pool.contains(high("2001:db8:2::80"), low("2001:db8:2::80")), "same last bits, another /64");

        Ipv6AddressPool inside = Ipv6AddressPool.parse(List.of("2001:db8:1::100/124"));
        assertEquals(16, inside.size(), "a block off the /64's start keeps every address");
        assertEquals("2001:db8:1::100-2001:db8:1::10f", inside.toString());
    }

    @Test
    void ipv4AndIpv6BlocksShareTheListEachPoolTakingItsOwn() {
        List<String> written = List.of("198.18.1.0/29,2001:db8::10/126", "2001:db8::20");
        Ipv6AddressPool six = Ipv6AddressPool.parse(written);
        AddressPool four = AddressPool.parse(written);
        assertEquals(5, six.size(), "4 of the /126 and one address");
        assertEquals(6, four.size());
        assertTrue(six.contains(high("2001:db8::20"), low("2001:db8::20")));
        assertTrue(Ipv6AddressPool.parse(List.of("198.18.1.0/29")).isEmpty());
    }

    @Test
    void thePoolIsBoundedAndMalformedBlocksAreRefusedByName() {
        assertEquals(65_536, Ipv6AddressPool.parse(List.of("2001:db8::1:0/112")).size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv6AddressPool.parse(
                List.of("2001:db8::1:0/112", "2001:db8::2:0/127"))).getMessage().contains("at most 65536"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Ipv6AddressPool.parse(List.of("2001:db8::/111"))).getMessage().contains("/112 to /128"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Ipv6AddressPool.parse(List.of("2001:db8::5/120"))).getMessage().contains("host bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv6AddressPool.parse(
                List.of("2001:db8::/120", "2001:db8::40"))).getMessage().contains("overlaps"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Ipv6AddressPool.parse(List.of("ff02::1"))).getMessage().contains("not a unicast"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6AddressPool.parse(List.of("2001:db8::g")));
    }

    @Test
    void theSolicitedNodeGroupsOfThePoolAreRecognisedByTheirLast24Bits() {
        Ipv6AddressPool pool = Ipv6AddressPool.parse(List.of("2001:db8::ff:fff0/124", "2001:db8:7::42"));
        assertTrue(pool.inSolicitedNodeGroup(0xFF_FFF0));
        assertTrue(pool.inSolicitedNodeGroup(0xFF_FFFF));
        assertTrue(pool.inSolicitedNodeGroup(0x42));
        assertFalse(pool.inSolicitedNodeGroup(0xFF_FFEF));
        assertFalse(pool.inSolicitedNodeGroup(0x43));
        // A block whose last 24 bits wrap: ::1:ff:fff8/125 runs from ff:fff8 to ff:ffff; ::1:0:0 would follow.
        Ipv6AddressPool wrapping = Ipv6AddressPool.parse(List.of("2001:db8::1ff:fff8/125"));
        assertTrue(wrapping.inSolicitedNodeGroup(0xFF_FFFF));
        assertFalse(wrapping.inSolicitedNodeGroup(0));
    }
}
