package dev.lightpath.control.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPv6 addresses a load generator's file gives, each refused by its key when no IPv6 node could hold it (targets
 * and client addresses that are unspecified, multicast, loopback or IPv4-mapped), and IPv6 targets and client
 * addresses refused together with {@code ip.address6} when this side has no IPv6 address to reach them from.
 */
class LoadgenIpv6AddressesTest {
    @TempDir
    Path dir;

    private LoadgenConfig load(String toml) throws Exception {
        Path file = dir.resolve("loadgen.toml");
        Files.writeString(file, toml);
        return new LoadgenConfig().load(file);
    }

    private String refusal(String toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).getMessage();
    }

    @Test
    void anIpv6TargetNoServerCouldHoldIsRefusedByItsKey() {
        for (String host : new String[] {"::", "ff02::1", "ff05::1:3", "::1"}) {
            String said = refusal("[target]\nurl = \"http://[" + host + "]:8080/\"\n");
            assertTrue(said.contains("'target.url'") && said.contains(host + " is not an address a server holds"), said);
        }
        String mapped = refusal("[target]\nurls = [\"http://[::ffff:198.18.0.1]/@2\"]\n");
        assertTrue(mapped.contains("'target.urls'") && mapped.contains("write the IPv4 address, without brackets"),
                mapped);
        String bare = refusal("[target]\nurl = \"http://2001:db8::1:80/\"\n");
        assertTrue(bare.contains("'target.url'") && bare.contains("an IPv6 host is written in brackets"), bare);
        assertDoesNotThrow(() -> load("[target]\nurl = \"http://[fe80::1]:8080/\"\n"), "a link-local server is one");
    }

    /** Beside IPv4 blocks as alone: a bad IPv6 block is found while the file is read, not when the run starts. */
    @Test
    void ipv6ClientAddressesNoHostCouldHoldAreRefusedByTheirKey() {
        String loopback = refusal("[client]\naddresses = [\"::1\"]\n");
        assertTrue(loopback.contains("'client.addresses'") && loopback.contains("not a unicast address"), loopback);
        String mapped = refusal("[client]\naddresses = [\"198.18.1.0/24, ::ffff:198.18.0.9\"]\n");
        assertTrue(mapped.contains("'client.addresses'") && mapped.contains("IPv4-mapped"), mapped);
        String besideIpv4 = refusal("[client]\naddresses = [\"198.18.1.0/24\", \"2001:db8::zz\"]\n");
        assertTrue(besideIpv4.contains("'client.addresses'") && besideIpv4.contains("'2001:db8::zz'"), besideIpv4);
    }

    @Test
    void ipv6TargetsAndClientAddressesNeedAnIpv6AddressOfThisSide() throws Exception {
        LoadgenConfig target = load("[ip]\naddress = \"198.18.0.2/24\"\n[target]\nurls = [\"http://198.18.0.1/\", "
                + "\"http://[2001:db8::1]/\"]\n");
        String said = assertThrows(IllegalArgumentException.class,
                () -> LoadgenSettings.checkFamilies(target, target.engine)).getMessage();
        assertTrue(said.contains("an IPv6 target is reached from an IPv6 address")
                && said.contains("[target.url, target.urls, ip.address6]"), said);

        LoadgenConfig pool = load("[ip]\naddress = \"198.18.0.2/24\"\n[target]\nurl = \"http://198.18.0.1/\"\n"
                + "[client]\naddresses = [\"198.18.1.0/24\", \"2001:db8::100/120\"]\n");
        said = assertThrows(IllegalArgumentException.class,
                () -> LoadgenSettings.checkFamilies(pool, pool.engine)).getMessage();
        assertTrue(said.contains("IPv6 client addresses are held beside an IPv6 address")
                && said.contains("[client.addresses, ip.address6]"), said);

        // The engine's value is the one that counts: an IPv6 address given by flag, over a file without one.
        RunConfig withFlag = new RunConfig();
        EngineSettings.copy(pool.engine, withFlag);
        withFlag.address6 = "2001:db8::2/64";
        assertDoesNotThrow(() -> LoadgenSettings.checkFamilies(target, withFlag));
        assertDoesNotThrow(() -> LoadgenSettings.checkFamilies(pool, withFlag));
        LoadgenConfig ipv4 = load("[ip]\naddress = \"198.18.0.2/24\"\n[target]\nurl = \"http://198.18.0.1/\"\n");
        assertDoesNotThrow(() -> LoadgenSettings.checkFamilies(ipv4, ipv4.engine));
    }
}
