package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong arguments, devices and ports give clear exceptions, and the process stays usable. */
class ErrorHandlingTest {
    @Test
    void unknownDeviceIsRefusedAndTheEalStaysUsable() {
        Eal eal = TestEal.get();
        DpdkException e = assertThrows(DpdkException.class, () -> eal.probe("net_nosuchdriver0"));
        assertTrue(e.getMessage().contains("net_nosuchdriver0"), e.getMessage());
        try (Mempool pool = Mempool.create(TestEal.uniqueName("after-error"), 255, 0, 2048, 0);
             Port port = TestEal.ringPort(pool)) {
            assertTrue(port.link().up(), "a port probed after the failure works");
        }
    }

    @Test
    void portThatDoesNotExist() {
        TestEal.get();
        DpdkException e = assertThrows(DpdkException.class, () -> Port.open(4000));
        assertTrue(e.getMessage().startsWith("no port 4000"), e.getMessage());
        assertThrows(DpdkException.class, () -> Port.open("net_ring_never_probed"));
    }

    @Test
    void secondInitialisationIsRefused() {
        TestEal.get();
        DpdkException e = assertThrows(DpdkException.class, () -> Eal.init(List.of("again", "--no-huge")));
        assertTrue(e.getMessage().contains("already initialised"), e.getMessage());
    }

    @Test
    void poolTooLargeForMemoryFailsWithDpdksReason() {
        TestEal.get();
        DpdkException e = assertThrows(DpdkException.class,
                () -> Mempool.create(TestEal.uniqueName("huge"), 10_000_000, 0, 2048, 0));
        assertTrue(e.errno() != 0, "carries rte_errno: " + e.getMessage());
    }

    /** Bad EAL arguments: in a fresh JVM (DPDK initialises once per process), a clean error and a clean exit. */
    @Test
    void badEalArgumentsFailCleanly() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dlightpath.shim=" + System.getProperty("lightpath.shim"),
                "-cp", System.getProperty("java.class.path"),
                BadArguments.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM ends");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, process.exitValue(), output);
        assertTrue(output.contains("refused: rte_eal_init with [--no-such-eal-option]"), output);
        assertTrue(output.contains("then initialised"), "a bad call leaves DPDK able to start: " + output);
    }

    /** Runs in the child JVM. */
    public static final class BadArguments {
        public static void main(String[] args) {
            try {
                Eal.init(List.of("lightpath", "--no-such-eal-option"));
                System.out.println("accepted");
                System.exit(1);
            } catch (DpdkException e) {
                System.out.println("refused: " + e.getMessage());
            }
            try (Eal eal = Eal.init(Eal.defaultArguments("lightpath-bad-args-" + ProcessHandle.current().pid(), "0",
                    128, false, Eal.LogLevel.ERR, List.of()))) {
                System.out.println("then initialised");
            }
            System.exit(3);
        }
    }
}
