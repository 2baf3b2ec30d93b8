package dev.lightpath.engine;

import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RssHashTest {
    /** The key of Microsoft's RSS verification suite. */
    private static final byte[] MICROSOFT_KEY = HexFormat.of().parseHex(
            "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");

    /** Source, destination, IPv4-only hash, IPv4-with-TCP hash, as published in the verification suite. */
    private static final Object[][] VECTORS = {
        {"66.9.149.187", 2794, "161.142.100.80", 1766, 0x323e8fc2, 0x51ccc178},
        {"199.92.111.2", 14230, "65.69.140.83", 4739, 0xd718262a, 0xc626b0ea},
        {"24.19.198.95", 12898, "12.22.207.184", 38024, 0xd2d0a5de, 0x5c2b394a},
        {"38.27.205.30", 48228, "209.142.163.6", 2217, 0x82989176, 0xafc7327f},
        {"153.39.163.191", 44251, "202.188.127.2", 1303, 0x5d1809c5, 0x10e828a2},
    };

    @Test
    void matchesTheVerificationSuite() {
        RssHash rss = new RssHash(MICROSOFT_KEY);
        for (Object[] v : VECTORS) {
            int source = Ipv4Address.parse((String) v[0]);
            int destination = Ipv4Address.parse((String) v[2]);
            assertEquals((int) v[4], rss.hash(source, destination), "IPv4 hash of " + v[0] + " -> " + v[2]);
            assertEquals((int) v[5], rss.hash(source, destination, (int) v[1], (int) v[3]),
                    "TCP hash of " + v[0] + ":" + v[1] + " -> " + v[2] + ":" + v[3]);
        }
    }

    /** Source, destination and IPv6-with-TCP hash, as published in the verification suite. */
    private static final Object[][] VECTORS_IPV6 = {
        {"3ffe:2501:200:1fff::7", 2794, "3ffe:2501:200:3::1", 1766, 0x40207d3d},
        {"3ffe:501:8::260:97ff:fe40:efab", 14230, "ff02::1", 4739, 0xdde51bbf},
        {"3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, "fe80::200:f8ff:fe21:67cf", 38024, 0x02d1feef},
    };

    @Test
    void matchesTheVerificationSuiteOverIpv6() {
        RssHash rss = new RssHash(MICROSOFT_KEY);
        for (Object[] v : VECTORS_IPV6) {
            long[] source = Ipv6Address.parse((String) v[0]);
            long[] destination = Ipv6Address.parse((String) v[2]);
            assertEquals((int) v[4], rss.hash6(source[0], source[1], destination[0], destination[1], (int) v[1],
                    (int) v[3]), "TCP hash of [" + v[0] + "]:" + v[1] + " -> [" + v[2] + "]:" + v[3]);
        }
    }

    @Test
    void symmetricKeyHashesIpv6FlowsBothDirectionsAlike() {
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        Random random = new Random(43);
        int distinct = 0;
        int previous = 0;
        for (int i = 0; i < 100_000; i++) {
            long ah = random.nextLong();
            long al = random.nextLong();
            long bh = random.nextLong();
            long bl = random.nextLong();
            int pa = random.nextInt(65536);
            int pb = random.nextInt(65536);
            int forward = rss.hash6(ah, al, bh, bl, pa, pb);
            assertEquals(forward, rss.hash6(bh, bl, ah, al, pb, pa), "flow " + i + " hashes differently in reverse");
            distinct += forward != previous ? 1 : 0;
            previous = forward;
        }
        assertTrue(distinct > 99_000, "the hash spreads flows: " + distinct);
    }

    @Test
    void symmetricKeyHashesBothDirectionsAlike() {
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        Random random = new Random(42);
        int distinct = 0;
        int previous = 0;
        for (int i = 0; i < 100_000; i++) {
            int a = random.nextInt();
            int b = random.nextInt();
            int pa = random.nextInt(65536);
            int pb = random.nextInt(65536);
            int forward = rss.hash(a, b, pa, pb);
            assertEquals(forward, rss.hash(b, a, pb, pa), "flow " + i + " hashes differently in reverse");
            distinct += forward != previous ? 1 : 0;
            previous = forward;
        }
        assertTrue(distinct > 99_000, "the hash spreads flows: " + distinct);
    }

    @Test
    void theMicrosoftKeyIsNotSymmetric() {
        RssHash rss = new RssHash(MICROSOFT_KEY);
        int a = Ipv4Address.parse("66.9.149.187");
        int b = Ipv4Address.parse("161.142.100.80");
        assertNotEquals(rss.hash(a, b, 2794, 1766), rss.hash(b, a, 1766, 2794));
    }

    @Test
    void queuesAreSpreadEvenly() {
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        int[] perQueue = new int[4];
        Random random = new Random(7);
        for (int i = 0; i < 40_000; i++) {
            perQueue[RssHash.queueFor(rss.hash(random.nextInt(), random.nextInt(), random.nextInt(65536), 80), 4)]++;
        }
        for (int count : perQueue) {
            assertTrue(count > 9_000 && count < 11_000, "uneven spread: " + java.util.Arrays.toString(perQueue));
        }
    }
}
