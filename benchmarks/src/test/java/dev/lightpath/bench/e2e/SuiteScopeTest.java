package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SuiteScopeTest {
    private static final List<Server> LANED = List.of(Server.NGINX, Server.LIGHTPATH_AF_XDP,
            Server.LIGHTPATH_AF_PACKET);

    @Test
    void ipv6AloneMeetsNginxAndTheApplianceOverBothFamiliesWithoutTheSweep() {
        SuiteScope ipv6 = SuiteScope.parse("ipv6");
        assertEquals(LANED, ipv6.servers(), "Netty listens on IPv4 only: it is in the fair suite alone");
        for (Server server : LANED) {
            assertEquals(List.of(Lane.IPV4, Lane.IPV6), ipv6.lanes(server), "IPv4 beside IPv6 in the same run");
        }
        assertFalse(ipv6.sweepAndCeiling());
    }

    @Test
    void tlsAloneMeetsNginxAndTheApplianceBehindTlsOnly() {
        SuiteScope tls = SuiteScope.parse("tls");
        assertEquals(LANED, tls.servers());
        assertEquals(List.of(Lane.TLS), tls.lanes(Server.LIGHTPATH_AF_XDP));
        assertEquals(List.of(Client.LOADGEN, Client.WRK), Lane.TLS.clients, "both clients speak https");
        assertFalse(tls.sweepAndCeiling());
    }

    @Test
    void everythingByDefaultAndListsCombine() {
        assertEquals(List.of(Server.values()), SuiteScope.ALL.servers());
        assertEquals(List.of(Lane.IPV4, Lane.IPV6, Lane.TLS), SuiteScope.ALL.lanes(Server.NGINX));
        assertEquals(List.of(Lane.IPV4), SuiteScope.ALL.lanes(Server.NETTY));
        assertTrue(SuiteScope.ALL.sweepAndCeiling());
        assertEquals("every comparison", SuiteScope.ALL.describe());

        SuiteScope fairAndTls = SuiteScope.parse(" tls,FAIR ");
        assertEquals(List.of(Server.values()), fairAndTls.servers());
        assertEquals(List.of(Lane.IPV4, Lane.TLS), fairAndTls.lanes(Server.LIGHTPATH_AF_PACKET));
        assertEquals(List.of(Lane.IPV4), fairAndTls.lanes(Server.NETTY));
        assertEquals("fair, tls", fairAndTls.describe());
    }

    @Test
    void anUnknownComparisonIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuiteScope.parse("ipv6,quic"));
        assertTrue(e.getMessage().contains("'quic'") && e.getMessage().contains("fair, ipv6 or tls"), e.getMessage());
    }
}
