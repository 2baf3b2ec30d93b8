package dev.lightpath.control.metrics;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics endpoint's address as users write it: IPv4 and localhost as before, IPv6 literals in brackets as in
 * a URL, and each wrong form refused saying what is wrong.
 */
class MetricsAddressTest {
    @Test
    void ipv4AndLocalhostAndOffReadAsBefore() throws Exception {
        InetSocketAddress loopback = MetricsAddress.parse("127.0.0.1:9100");
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), loopback.getAddress());
        assertEquals(9100, loopback.getPort());
        InetSocketAddress any = MetricsAddress.parse(" 0.0.0.0:0 ");
        assertTrue(any.getAddress().isAnyLocalAddress() && any.getAddress() instanceof Inet4Address);
        assertEquals(0, any.getPort(), "0: the kernel chooses");
        assertTrue(MetricsAddress.parse("localhost:9101").getAddress().isLoopbackAddress());
        assertEquals(9101, MetricsAddress.parse("LocalHost:9101").getPort());
        assertNull(MetricsAddress.parse("off"));
        assertNull(MetricsAddress.parse("OFF"));
        assertEquals("192.0.2.7:65535", MetricsAddress.format(MetricsAddress.parse("192.0.2.7:65535")));
    }

    @Test
    void ipv6LiteralsAreWrittenInBrackets() throws Exception {
        InetSocketAddress loopback = MetricsAddress.parse("[::1]:9100");
        assertInstanceOf(Inet6Address.class, loopback.getAddress());
        assertTrue(loopback.getAddress().isLoopbackAddress());
        assertEquals(9100, loopback.getPort());

        InetSocketAddress global = MetricsAddress.parse("[2001:db8::5]:9100");
        assertEquals(InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 5}), global.getAddress());
        assertEquals("[2001:db8::5]:9100", MetricsAddress.format(global));

        InetSocketAddress any = MetricsAddress.parse("[::]:9100");
        assertInstanceOf(Inet6Address.class, any.getAddress(), "bound as IPv6: the host may take IPv4 on it too");
        assertTrue(any.getAddress().isAnyLocalAddress());
        assertEquals("[::]:9100", MetricsAddress.format(any));

        assertEquals("[2001:db8::5]:9100", MetricsAddress.format(MetricsAddress.parse("[2001:DB8:0:0::0005]:9100")),
                "written back in the canonical form");
        assertEquals("[::1]:0", MetricsAddress.format(MetricsAddress.parse("[0:0:0:0:0:0:0:1]:0")));
    }

    @Test
    void anIpv6AddressWithoutBracketsIsRefusedSayingHowToWriteIt() {
        for (String text : new String[] {"::1:9100", "2001:db8::5:9100", ":::9100", "::1"}) {
            assertEquals("'" + text + "': an IPv6 address is written in brackets before its port, e.g. [::1]:9100",
                    refusal(text), text);
        }
    }

    @Test
    void aBracketedAddressWithoutAPortOrWithTextAfterItIsRefused() {
        for (String text : new String[] {"[::1]", "[::1]:", "[::1]9100", "[::1", "[::1]]:9100"}) {
            assertTrue(refusal(text).startsWith("'" + text + "' is not "), text + ": " + refusal(text));
        }
        assertEquals("'[::1]' is not [ADDRESS]:PORT (e.g. [::1]:9100)", refusal("[::1]"));
    }

    @Test
    void badPortsAreRefusedInEitherFamily() {
        assertEquals("'[::1]:65536': the port must be 0-65535, not '65536'", refusal("[::1]:65536"));
        assertEquals("'[::1]:-1': the port must be 0-65535, not '-1'", refusal("[::1]:-1"));
        assertEquals("'[::1]:http': the port must be 0-65535, not 'http'", refusal("[::1]:http"));
        assertEquals("'127.0.0.1:123456': the port must be 0-65535, not '123456'", refusal("127.0.0.1:123456"));
    }

    @Test
    void garbageAndAddressesNoListenerCanHaveAreRefused() {
        assertTrue(refusal("[2001:db8::g]:9100").contains("'2001:db8::g' is not an IPv6 address"));
        assertTrue(refusal("[1:2:3:4:5:6:7:8:9]:9100").contains("is not an IPv6 address"));
        assertTrue(refusal("[]:9100").contains("is not an IPv6 address"));
        assertTrue(refusal("[example.org]:9100").contains("is not an IPv6 address"));
        assertTrue(refusal("example.org:9100").contains("'example.org' is not an IPv4 address or localhost (an "
                + "IPv6 address goes in brackets: [::1]:9100)"));
        assertTrue(refusal("nowhere").contains("is not HOST:PORT"));
        assertTrue(refusal(":9100").contains("is not HOST:PORT"));
        assertTrue(refusal(" ").startsWith("give the metrics address as HOST:PORT"));
        assertTrue(refusal(null).startsWith("give the metrics address as HOST:PORT"));
        assertTrue(refusal("[fe80::1%eth0]:9100").contains("a zone (%eth0) is not taken here"));
        assertTrue(refusal("[fe80::1]:9100").contains("fe80::1 is link-local, which is bound only together with its "
                + "interface"));
        assertTrue(refusal("[ff02::1]:9100").contains("ff02::1 is a multicast address"));
        assertTrue(refusal("[::ffff:127.0.0.1]:9100").contains("an IPv4-mapped address: write the IPv4 address"));
        assertTrue(refusal("224.0.0.1:9100").contains("224.0.0.1 is a multicast address (224.0.0.0/4)"));
        assertTrue(refusal("255.255.255.255:9100").contains("the limited broadcast address"));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(text)).getMessage();
    }
}
