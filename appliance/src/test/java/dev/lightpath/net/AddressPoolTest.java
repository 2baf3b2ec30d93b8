package dev.lightpath.net;

import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client address pool as written on the command line and in config/loadgen.toml. */
class AddressPoolTest {
    static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void aBlockLeavesOutItsNetworkAndBroadcastAddresses() {
        AddressPool pool = AddressPool.parse(List.of("198.18.1.0/24"));
        assertEquals(254, pool.size());
        assertEquals(ip("198.18.1.1"), pool.address(0));
        assertEquals(ip("198.18.1.254"), pool.address(253));
        assertTrue(pool.contains(ip("198.18.1.77")));
        assertFalse(pool.contains(ip("198.18.1.0")));
        assertFalse(pool.contains(ip("198.18.1.255")));
        assertFalse(pool.contains(ip("198.18.2.1")));
        assertFalse(pool.contains(ip("198.18.0.254")));
    }

    @Test
    void blocksAndSingleAddressesComeInTheOrderGivenFromListsOrCommas() {
        AddressPool pool = AddressPool.parse(List.of("198.18.5.9, 198.18.1.0/30", "198.18.7.0/31", "198.18.8.8/32"));
        assertEquals(1 + 2 + 2 + 1, pool.size());
        int[] expected = {ip("198.18.5.9"), ip("198.18.1.1"), ip("198.18.1.2"), ip("198.18.7.0"), ip("198.18.7.1"),
                ip("198.18.8.8")};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], pool.address(i), "address " + i);
            assertTrue(pool.contains(expected[i]));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> pool.address(6));
        assertEquals("198.18.5.9,198.18.1.1-198.18.1.2,198.18.7.0-198.18.7.1,198.18.8.8", pool.toString());
    }

    /** Every block is /16 or narrower, so it lies within a kind or beside it: its ends are what is checked. */
    @Test
    void addressesNoNodeHoldsAreRefusedAtEitherEndOfABlock() {
        assertEquals("'0.0.0.0/31': 0.0.0.0 is the unspecified address, which stands for no address: no client "
                + "address can be", refusal("0.0.0.0/31"));
        assertTrue(refusal("127.0.0.0/16").contains("127.0.0.1 is a loopback address"));
        assertTrue(refusal("198.18.1.0/24, 127.255.255.255").contains("'127.255.255.255': 127.255.255.255 is a "
                + "loopback address"));
        assertTrue(refusal("224.0.0.0/24").contains("224.0.0.1 is a multicast address"));
        assertTrue(refusal("239.255.255.255").contains("is a multicast address"));
        assertTrue(refusal("255.255.255.0/24").contains("255.255.255.1 is in the reserved block 240.0.0.0/4"));
        assertTrue(refusal("255.255.255.254/31").contains("255.255.255.254 is in the reserved block"));
        assertTrue(refusal("255.255.255.255").contains("the limited broadcast address"));
        AddressPool beside = AddressPool.parse(List.of("0.0.0.0/30", "126.255.255.255", "128.0.0.0/31",
                "223.255.255.0/24"));
        assertEquals(2 + 1 + 2 + 254, beside.size(), "the addresses beside them are ordinary");
        assertTrue(beside.contains(ip("0.0.0.1")) && !beside.contains(ip("0.0.0.0")));
    }

    @Test
    void badPoolsAreRefusedSayingWhy() {
        assertTrue(refusal("198.18.1.5/24").contains("host bits"));
        assertTrue(refusal("198.18.0.0/8").contains("/16 to /32"));
        assertTrue(refusal("198.18.1.0/24,198.18.1.128/25").contains("overlaps"));
        assertTrue(refusal("198.18.0.0/16,198.19.0.0/16").contains("at most 65536"));
        assertTrue(refusal("198.18.1.0/x").contains("not a number"));
        assertTrue(refusal("198.18.1.0/24,").contains("empty"));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> AddressPool.parse(List.of(text))).getMessage();
    }
}
