package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.host.testbed.Veth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test bed on the real host: what a killed process left (names with its pid) is removed by the next bed, what
 * a live process owns is not, and a bed's close removes all it built.
 */
class TestBedEndToEndTest {
    @Test
    void aNextBedRemovesWhatAnEndedProcessLeftAndNothingOfALiveOne() throws Exception {
        TestNetwork.requireRoot();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(10, TimeUnit.SECONDS);
        Process live = new ProcessBuilder("sleep", "120").start();
        String left = "lpb" + ended.pid() + "k";
        String owned = "lpb" + live.pid() + "k";
        try {
            TestNetwork.run("ip", "netns", "add", left);
            TestNetwork.run("ip", "link", "add", left + "a", "type", "veth", "peer", "name", left + "b");
            TestNetwork.run("ip", "netns", "add", owned);
            try (TestBed bed = TestBed.open()) {
                String namespaces = TestNetwork.run("ip", "netns", "list");
                String links = TestNetwork.run("ip", "-o", "link", "show");
                assertFalse(namespaces.contains(left + " ") || namespaces.contains(left + "\n"), namespaces);
                assertFalse(links.contains(left + "a@"), links);
                assertTrue(namespaces.contains(owned), "a live process's namespace stays: " + namespaces);
            }
        } finally {
            live.destroy();
            TestNetwork.quiet("ip", "netns", "del", owned);
            TestNetwork.quiet("ip", "netns", "del", left);
            TestNetwork.quiet("ip", "link", "del", left + "a");
        }
    }

    @Test
    void closeRemovesTheNamespacesLinksAndPeersItMade() throws Exception {
        TestNetwork.requireRoot();
        String server;
        String end;
        TestBed bed = TestBed.open();
        try {
            Namespace ns = bed.namespace("q");
            Veth veth = bed.veth(Veth.of(bed.name("qa"), bed.name("qb")).withQueues(2).withMtu(9000),
                    Namespace.HOST, ns);
            bed.address(ns, veth.peer(), "198.18.77.2/24");
            server = ns.name();
            end = veth.end();
            String shown = bed.shell().run(ns.ip("-d", "link", "show", veth.peer()));
            assertTrue(shown.contains("mtu 9000") && shown.contains("numtxqueues 2"), shown);
            assertTrue(bed.shell().run(ns.ip("addr", "show", veth.peer())).contains("198.18.77.2/24"));
            bed.start("sleeper", ns, List.of("sleep", "120"), java.nio.file.Files.createTempFile("bed", ".log"));
        } finally {
            bed.close();
        }
        assertFalse(TestNetwork.run("ip", "netns", "list").contains(server));
        assertFalse(TestNetwork.run("ip", "-o", "link", "show").contains(end + "@"));
    }
}
