package dev.lightpath.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPv4 checks that need two values at once, by check-config (with the device given or left to flags) and by
 * the load generator's flags: a gateway that is the interface's own address or its subnet's network or broadcast
 * address, and a target or client address that is the network or broadcast address of this side's subnet. What
 * a /31 or a /32, or a wider subnet, makes ordinary is taken. Each value alone is checked in
 * {@link SettingChecksTest}.
 */
class Ipv4AddressChecksTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** Runs the program; what it writes to stderr, through picocli or directly (check-config), lands in err. */
    private int execute(String... args) {
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        System.setErr(new PrintStream(direct, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            err.write(direct.toString(StandardCharsets.UTF_8));
        }
    }

    private void assertCheckConfig(int exit, String toml, String said) throws Exception {
        err.getBuffer().setLength(0);
        Path file = Files.writeString(dir.resolve("checked.toml"), toml);
        assertEquals(exit, execute("check-config", file.toString()), toml + err);
        assertTrue(err.toString().contains(said), said + " in " + err);
    }

    private static String appliance(boolean device, String address, String gateway) {
        return (device ? "[port]\ndevices = [\"net_ring0\"]\n" : "") + "[ip]\naddress = \"" + address + "\"\n"
                + (gateway == null ? "" : "gateway = \"" + gateway + "\"\n");
    }

    @Test
    void aGatewayThatIsTheAddressItselfOrItsSubnetsEdgeIsRefusedNamingBothKeys() throws Exception {
        for (boolean device : new boolean[] {true, false}) {
            assertCheckConfig(2, appliance(device, "198.18.0.1/24", "198.18.0.1"), "gateway 198.18.0.1 is the "
                    + "interface's own address: the next hop is another node on the link [ip.address, ip.gateway]");
            assertCheckConfig(2, appliance(device, "198.18.0.1/24", "198.18.0.255"), "gateway 198.18.0.255 is the "
                    + "broadcast address of 198.18.0.0/24, every node on the subnet rather than one: the next hop is "
                    + "a single node [ip.address, ip.gateway]");
            assertCheckConfig(2, appliance(device, "198.18.0.1/24", "198.18.0.0"), "gateway 198.18.0.0 is the "
                    + "network address of 198.18.0.0/24");
            assertCheckConfig(2, appliance(device, "198.18.0.1/24", "198.18.1.1"), "gateway 198.18.1.1 is not on "
                    + "198.18.0.1/24 [ip.address, ip.gateway]");
            assertCheckConfig(0, appliance(device, "198.18.0.1/16", "198.18.0.255"), "");
            assertCheckConfig(0, appliance(device, "198.18.0.0/31", "198.18.0.1"), "");
        }
    }

    @Test
    void aSlash31OrSlash32HasNoNetworkOrBroadcastAddressToRefuse() throws Exception {
        assertCheckConfig(0, appliance(true, "198.18.0.0/31", null), "");
        assertCheckConfig(0, appliance(true, "198.18.0.1/31", null), "");
        assertCheckConfig(0, appliance(true, "198.18.0.255/32", null), "");
        assertCheckConfig(0, appliance(true, "198.18.0.0/32", null), "");
        assertCheckConfig(2, appliance(true, "198.18.0.3/30", null), "line 4: 'ip.address': '198.18.0.3/30': "
                + "198.18.0.3 is the broadcast address of 198.18.0.0/30, every node on the subnet rather than one: "
                + "it cannot be this node's address");
    }

    @Test
    void checkConfigRefusesALoadgenTargetOrClientAddressOnTheSubnetsEdge() throws Exception {
        String ip = "[ip]\naddress = \"198.18.0.2/24\"\n";
        assertCheckConfig(2, ip + "[target]\nurl = \"http://198.18.0.255/\"\n", "target 198.18.0.255 is the "
                + "broadcast address of 198.18.0.0/24, every node on the subnet rather than one: a target is a single "
                + "server [target.url, target.urls, ip.address]");
        assertCheckConfig(2, ip + "[target]\nurls = [\"http://198.18.0.1/\", \"http://198.18.0.0:8080/@2\"]\n",
                "target 198.18.0.0 is the network address of 198.18.0.0/24");
        String target = "[target]\nurl = \"http://198.18.0.1/\"\n";
        assertCheckConfig(2, ip + target + "[client]\naddresses = [\"198.18.0.254/31\"]\n",
                "client address 198.18.0.255 is the broadcast address of 198.18.0.0/24, every node on the subnet "
                        + "rather than one: no client address can be [client.addresses, ip.address]");
        assertCheckConfig(2, ip + target + "[client]\naddresses = [\"198.18.0.0\"]\n",
                "client address 198.18.0.0 is the network address of 198.18.0.0/24");
        assertCheckConfig(2, "[ip]\naddress = \"127.0.0.2/8\"\n[target]\nurl = \"http://198.18.0.1/\"\n",
                "line 2: 'ip.address': '127.0.0.2/8': 127.0.0.2 is a loopback address (127.0.0.0/8), which never "
                        + "leaves its host: it cannot be this node's address");

        // Off the subnet, or on a wider one, the same addresses are ordinary nodes'.
        assertCheckConfig(0, "[ip]\naddress = \"198.18.0.2/16\"\n[target]\nurl = \"http://198.18.0.255/\"\n"
                + "[client]\naddresses = [\"198.18.0.254/31\", \"198.18.1.0\"]\n", "");
        assertCheckConfig(0, ip + "[target]\nurl = \"http://198.18.1.255/\"\n[client]\naddresses = "
                + "[\"198.18.1.0/24\", \"198.18.2.255\"]\n", "");
    }

    @Test
    void theLoadgenFlagsAreRefusedTheSame() {
        refusedByLoadgen("--url and --ip: target 198.18.0.255 is the broadcast address of 198.18.0.0/24, every node "
                + "on the subnet rather than one: a target is a single server [target.url, target.urls, ip.address]",
                "--url", "http://198.18.0.255/");
        refusedByLoadgen("--source and --ip: client address 198.18.0.0 is the network address of 198.18.0.0/24, "
                + "which names the subnet rather than a node on it: no client address can be [client.addresses, "
                + "ip.address]", "--source", "198.18.0.0/31");
        refusedByLoadgen("--gateway: 127.0.0.1 cannot be a next hop: it is a loopback address (127.0.0.0/8), which "
                + "never leaves its host; leave the gateway out for none [ip.gateway]", "--gateway", "127.0.0.1");
        refusedByLoadgen("gateway 198.18.0.2 is the interface's own address: the next hop is another node on the "
                + "link [ip.address, ip.gateway]", "--gateway", "198.18.0.2");
    }

    private void refusedByLoadgen(String said, String... flags) {
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("loadgen", "--device", "net_null0", "--ip", "198.18.0.2/24"));
        if (!List.of(flags).contains("--url")) {
            args.addAll(List.of("--url", "http://198.18.0.1/"));
        }
        args.addAll(List.of(flags));
        assertEquals(2, execute(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().lines().findFirst().orElse("").contains(said), said + " in " + err);
    }
}
