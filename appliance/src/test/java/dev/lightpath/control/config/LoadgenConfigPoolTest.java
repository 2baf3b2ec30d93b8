package dev.lightpath.control.config;

import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The load generator's client address pool and weighted targets in its file: read, and refused by key. */
class LoadgenConfigPoolTest {
    @TempDir
    Path dir;

    LoadgenConfig load(String toml) throws Exception {
        Path file = dir.resolve("loadgen.toml");
        Files.writeString(file, toml);
        return new LoadgenConfig().load(file);
    }

    String refusal(String toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).getMessage();
    }

    @Test
    void readsThePoolAndTheTargets() throws Exception {
        LoadgenConfig config = load("""
                [client]
                addresses = ["198.18.1.0/24", "198.18.2.7"]
                [target]
                urls = ["http://198.18.0.1/@3", "http://198.18.0.3:8080/a@b@1"]
                """);
        assertEquals(List.of("198.18.1.0/24", "198.18.2.7"), config.clientAddresses);
        assertEquals(2, config.urls.size());
        assertNull(config.url);
    }

    @Test
    void aTrailingAtAndNumberIsTheWeightAndAnythingElseIsTheUrl() {
        LoadTarget weighted = TargetUrl.target("http://198.18.0.3:8080/a@b@7", true);
        assertEquals(Ipv4Address.parse("198.18.0.3"), weighted.address());
        assertEquals(8080, weighted.port());
        assertEquals("/a@b", weighted.path());
        assertEquals(7, weighted.weight());
        LoadTarget plain = TargetUrl.target("http://198.18.0.1/users/@me", false);
        assertEquals(1, plain.weight());
        assertNull(plain.path(), "the mix's paths are asked");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetUrl.target("http://198.18.0.1/@0", true))
                .getMessage().contains("weight"));
    }

    @Test
    void httpsUrlsDefaultTo443AndKeepTheirAddressForVerification() {
        TargetUrl v4 = TargetUrl.parse("https://198.18.0.1/index.html");
        assertTrue(v4.https());
        assertEquals(443, v4.port());
        assertEquals("198.18.0.1", v4.addressText());
        TargetUrl v4port = TargetUrl.parse("https://198.18.0.1:8443/");
        assertEquals(8443, v4port.port());
        assertEquals("198.18.0.1", v4port.addressText());
        TargetUrl v6 = TargetUrl.parse("https://[2001:db8::1]:8443/a");
        assertTrue(v6.https() && v6.ipv6());
        assertEquals(8443, v6.port());
        assertEquals("2001:db8::1", v6.addressText(), "no brackets: what a certificate's IP entry is matched with");
        assertEquals(443, TargetUrl.parse("https://[2001:db8::1]/").port());
        assertFalse(TargetUrl.parse("http://198.18.0.1/").https());
        assertEquals(80, TargetUrl.parse("http://198.18.0.1/").port());
        assertTrue(TargetUrl.isHttps("https://198.18.0.1/@3"));
    }

    @Test
    void aBracketedIpv6LiteralIsATargetWithItsPortAndHost() {
        LoadTarget target = TargetUrl.target("http://[2001:db8::1]:8080/a?b@3", true);
        assertTrue(target.ipv6());
        assertEquals(0x2001_0db8_0000_0000L, target.addressHigh());
        assertEquals(1, target.addressLow());
        assertEquals(8080, target.port());
        assertEquals("[2001:db8::1]:8080", target.host(), "the Host value as written, brackets and port");
        assertEquals("/a?b", target.path());
        assertEquals(3, target.weight());
        LoadTarget defaultPort = TargetUrl.target("http://[2001:db8::5]/", true);
        assertEquals(80, defaultPort.port());
        assertEquals("[2001:db8::5]", defaultPort.host());
        for (String bad : new String[] {"http://[2001:db8::1/", "http://[2001:db8::1]x/", "http://[2001:db8::g]/",
                "http://2001:db8::1/", "http://[2001:db8::1]:0/"}) {
            assertThrows(IllegalArgumentException.class, () -> TargetUrl.target(bad, true), bad);
        }
    }

    @Test
    void anIpv6PoolStandsAloneOrBesideIpv4BlocksAndItsErrorsNameTheKey() throws Exception {
        assertEquals(List.of("2001:db8:1::/120"),
                load("[client]\naddresses = [\"2001:db8:1::/120\"]\n").clientAddresses);
        assertEquals(List.of("198.18.1.0/24,2001:db8:1::100"),
                load("[client]\naddresses = [\"198.18.1.0/24,2001:db8:1::100\"]\n").clientAddresses);
        String tooWide = refusal("[client]\naddresses = [\"2001:db8:1::/104\"]\n");
        assertTrue(tooWide.contains("client.addresses") && tooWide.contains("/112 to /128"), tooWide);
        String hostBits = refusal("[client]\naddresses = [\"2001:db8:1::5/120\"]\n");
        assertTrue(hostBits.contains("client.addresses") && hostBits.contains("host bits"), hostBits);
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(refusal("[client]\naddresses = [\"198.18.1.5/24\"]\n").contains("client.addresses"));
        assertTrue(refusal("[client]\naddresses = []\n").contains("client.addresses"));
        assertTrue(refusal("[target]\nurls = [\"ftp://198.18.0.1/\"]\n").contains("target.urls"));
        assertTrue(refusal("[target]\nurls = []\n").contains("target.urls"));
        LoadgenConfig both = assertDoesNotThrow(
                () -> load("[target]\nurl = \"http://198.18.0.1/\"\nurls = [\"http://198.18.0.1/\"]\n"),
                "a rule across keys is checked on the values a command ends with, not while reading");
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class,
                () -> SettingRule.checkAll(both, LoadgenSettings.RULES));
        assertEquals("--url: give one, not both [target.url, target.urls]", rule.getMessage());
    }
}
