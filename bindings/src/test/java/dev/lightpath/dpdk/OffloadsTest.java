package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The RSS hash functions programmed into a port: those of both families' TCP, UDP and addresses that the port
 * offers, and no others, so the port hashes IPv6 flows by their 4-tuple as software steering does.
 */
class OffloadsTest {
    @Test
    void aPortThatOffersEveryHashIsProgrammedWithBothFamiliesTuplesAndNothingElse() {
        long programmed = Offloads.rssHashFunctions(-1L);
        assertEquals(Offloads.RSS_IPV4 | Offloads.RSS_NONFRAG_IPV4_TCP | Offloads.RSS_NONFRAG_IPV4_UDP
                | Offloads.RSS_IPV6 | Offloads.RSS_NONFRAG_IPV6_TCP | Offloads.RSS_NONFRAG_IPV6_UDP, programmed);
        // The DPDK values, as the headers give them (StructLayoutTest checks the constants against them).
        assertEquals((1L << 2) | (1L << 4) | (1L << 5) | (1L << 8) | (1L << 10) | (1L << 11), programmed);
    }

    @Test
    void onlyWhatThePortOffersIsAsked() {
        long ipv4Only = Offloads.RSS_IPV4 | Offloads.RSS_NONFRAG_IPV4_TCP | Offloads.RSS_NONFRAG_IPV4_OTHER;
        assertEquals(Offloads.RSS_IPV4 | Offloads.RSS_NONFRAG_IPV4_TCP, Offloads.rssHashFunctions(ipv4Only));
        long ipv6Tcp = Offloads.RSS_NONFRAG_IPV6_TCP | Offloads.RSS_FRAG_IPV4;
        assertEquals(Offloads.RSS_NONFRAG_IPV6_TCP, Offloads.rssHashFunctions(ipv6Tcp));
        assertEquals(0, Offloads.rssHashFunctions(0));
    }
}
