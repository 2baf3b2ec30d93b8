package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.net.Ipv6Config;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An IPv6 address and gateway beside the IPv4 ones: from the file, from a repeated --ip, and checked by name. */
class DualStackConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("appliance.toml"), text);
    }

    @Test
    void theFileGivesAnAddressAndGatewayPerFamily() throws Exception {
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                gateway = "198.18.0.254"
                address6 = "2001:db8::1/64"
                gateway6 = "fe80::1"
                """));
        ApplianceSettings settings = run.settings();
        assertEquals(0xC6120001, settings.ip().address());
        Ipv6Config ipv6 = settings.ip().ipv6();
        assertEquals(Ipv6Address.parse("2001:db8::1")[1], ipv6.addressLow());
        assertEquals(64, ipv6.prefixLength());
        assertEquals(Ipv6Address.parse("fe80::1")[0], ipv6.gatewayHigh(), "a link-local gateway is on the link");
        String described = run.describe();
        assertTrue(described.contains("address6 = \"2001:db8::1/64\"\ngateway6 = \"fe80::1\"\n"), described);
        Path again = Files.writeString(dir.resolve("described.toml"), described);
        assertEquals(ipv6, new RunConfig().load(again).settings().ip().ipv6(), "what describe says reads back the same");
    }

    @Test
    void withoutAnIpv6AddressTheInterfaceIsIpv4Only() throws Exception {
        RunConfig run = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                """));
        assertNull(run.settings().ip().ipv6());
        assertTrue(!run.describe().contains("address6"));
    }

    @Test
    void badIpv6ValuesNameTheirKeyAndLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [ip]
                address = "2001:db8::1/64"
                address6 = "2001:db8::g/64"
                gateway6 = "2001:db8"
                """)));
        List<String> problems = e.problems();
        assertContains(problems, "line 2: 'ip.address': '2001:db8::1/64' is an IPv6 address: it belongs in ip.address6");
        assertContains(problems, "line 3: 'ip.address6': '2001:db8::g' is not an IPv6 address");
        assertContains(problems, "line 4: 'ip.gateway6': '2001:db8' is not an IPv6 address");
        assertEquals(3, problems.size(), problems.toString());

        e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [ip]
                address6 = "ff02::1/64"
                """)));
        assertContains(e.problems(), "line 2: 'ip.address6': ff02::1 cannot be an interface's address");
        e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [ip]
                address6 = "2001:db8::1/129"
                """)));
        assertContains(e.problems(), "line 2: 'ip.address6': prefix length 129 is not 0..128");
    }

    @Test
    void aGatewayOffThePrefixOrWithoutAnAddressIsRefused() throws Exception {
        RunConfig off = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                gateway6 = "2001:db8:1::1"
                """));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, off::settings);
        assertTrue(e.getMessage().contains("gateway 2001:db8:1::1 is not on 2001:db8::1/64")
                && e.getMessage().contains("[ip.address6, ip.gateway6]"), e.getMessage());

        RunConfig alone = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                gateway6 = "2001:db8::fe"
                """));
        e = assertThrows(IllegalArgumentException.class, alone::settings);
        assertTrue(e.getMessage().contains("an IPv6 gateway without an IPv6 address")
                && e.getMessage().contains("[ip.gateway6, ip.address6]"), e.getMessage());
    }

    @Test
    void ipAndGatewayFlagsRepeatOncePerFamily() throws Exception {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--device", "net_ring0", "--ip", "198.18.0.1/24", "--ip", "2001:db8::1/64",
                "--gateway", "2001:db8::fe", "--gateway", "198.18.0.254");
        RunConfig run = command.effectiveConfig();
        assertEquals("198.18.0.1/24", run.address);
        assertEquals("2001:db8::1/64", run.address6);
        assertEquals("198.18.0.254", run.gateway);
        assertEquals("2001:db8::fe", run.gateway6);
        assertEquals(Ipv6Address.parse("2001:db8::fe")[1], run.settings().ip().ipv6().gatewayLow());

        RunCommand twice = new RunCommand();
        new CommandLine(twice).parseArgs("--device", "net_ring0", "--ip", "2001:db8::1/64", "--ip", "2001:db8::2/64");
        CommandLine.ParameterException refused = assertThrows(CommandLine.ParameterException.class, twice::effectiveConfig);
        assertTrue(refused.getMessage().contains("--ip: names two IPv6 addresses"), refused.getMessage());

        RunCommand sixOnly = new RunCommand();
        new CommandLine(sixOnly).parseArgs("--device", "net_ring0", "--ip", "2001:db8::1/64");
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> sixOnly.effectiveConfig().settings());
        assertTrue(alone.getMessage().contains("IPv6 is served beside IPv4, not alone yet"), alone.getMessage());
    }

    @Test
    void aFlagOfOneFamilyKeepsTheFilesAddressOfTheOther() throws Exception {
        Path file = write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                """);
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--ip", "2001:db8::7/64");
        RunConfig run = command.effectiveConfig();
        assertEquals("198.18.0.1/24", run.address, "from the file");
        assertEquals("2001:db8::7/64", run.address6, "the flag wins for its family");
    }

    @Test
    void checkConfigValidatesIpv6AddressesByKey() throws Exception {
        Path bad = write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1::2/64"
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute("check-config", bad.toString());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, exit);
        String said = captured.toString(StandardCharsets.UTF_8) + err;
        assertTrue(said.contains("line 5: 'ip.address6': '2001:db8::1::2' is not an IPv6 address: more than one '::'"), said);

        Path offPrefix = Files.writeString(dir.resolve("off.toml"), """
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                gateway6 = "2001:db9::1"
                """);
        assertEquals(2, new CommandLine(new Main()).execute("check-config", offPrefix.toString()));

        Path good = Files.writeString(dir.resolve("good.toml"), """
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                """);
        PrintStream stdout = System.out;
        ByteArrayOutputStream described = new ByteArrayOutputStream();
        System.setOut(new PrintStream(described, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new CommandLine(new Main()).execute("check-config", good.toString()));
        } finally {
            System.setOut(stdout);
        }
        assertTrue(described.toString(StandardCharsets.UTF_8).contains("address6 = \"2001:db8::1/64\""),
                described.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aGatewayNoNeighbourCouldBeAndAnIpv4MappedAddressAreRefusedByKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(write("""
                [ip]
                address6 = "::ffff:198.18.0.1/96"
                gateway6 = "::"
                """)));
        assertContains(e.problems(), "line 2: 'ip.address6': ::ffff:c612:1 is an IPv4-mapped address");
        assertContains(e.problems(), "line 3: 'ip.gateway6': :: cannot be a next hop");
        for (String gateway : new String[] {"ff02::2", "::1", "::ffff:198.18.0.254"}) {
            e = assertThrows(ConfigException.class, () -> new RunConfig().load(write(
                    "[ip]\naddress6 = \"2001:db8::1/64\"\ngateway6 = \"" + gateway + "\"\n")));
            assertContains(e.problems(), "line 3: 'ip.gateway6': ");
            assertContains(e.problems(), "cannot be a next hop");
        }

        RunConfig itself = new RunConfig().load(write("""
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                gateway6 = "2001:db8::1"
                """));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, itself::settings);
        assertTrue(refused.getMessage().contains("gateway 2001:db8::1 is the interface's own address")
                && refused.getMessage().contains("[ip.address6, ip.gateway6]"), refused.getMessage());
    }

    /** A file whose device and address come from flags is still checked for the IPv6 pair it gives. */
    @Test
    void checkConfigWithoutADeviceStillChecksTheIpv6Gateway() throws Exception {
        Path offPrefix = write("""
                [ip]
                address = "198.18.0.1/24"
                address6 = "2001:db8::1/64"
                gateway6 = "2001:db9::1"
                """);
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new Main()).execute("check-config", offPrefix.toString());
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
        }
        String said = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, said);
        assertTrue(said.contains("gateway 2001:db9::1 is not on 2001:db8::1/64") && said.contains("[ip.address6, ip.gateway6]"),
                said);
    }

    private static void assertContains(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
    }
}
