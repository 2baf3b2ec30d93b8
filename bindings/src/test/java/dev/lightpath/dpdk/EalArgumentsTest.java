package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The EAL arguments built with and without hugepages (no EAL is started). */
class EalArgumentsTest {
    static List<String> build(boolean hugepages, String... devices) {
        return Eal.defaultArguments("lightpath-1", "0", 512, false, Eal.LogLevel.WARNING, List.of(devices), hugepages);
    }




    @Test
    void hugepagesAreUnlinkedOnceMappedAndNoHugeTakesOrdinaryMemory() {
        List<String> huge = build(true, "net_ring0");
        assertTrue(huge.contains("--huge-unlink"), huge.toString());
        assertFalse(huge.contains("--no-huge"), huge.toString());
        List<String> plain = build(false, "net_ring0");
        assertFalse(plain.contains("--huge-unlink"), plain.toString());
        assertEquals("512", plain.get(plain.indexOf("-m") + 1), plain.toString());
        assertTrue(plain.contains("--no-huge"), plain.toString());
    }

    /** The EAL refuses --huge-unlink beside --no-huge: a --no-huge asked for by hand drops it. */
    @Test
    void noHugeAskedForByHandDropsTheUnlink() {
        List<String> args = Eal.withExtraArguments(build(true, "net_ring0"), List.of("--no-huge", "-m", "256"));
        assertFalse(args.contains("--huge-unlink"), args.toString());
        assertEquals(List.of("--no-huge", "-m", "256"), args.subList(args.size() - 3, args.size()));
        List<String> kept = Eal.withExtraArguments(build(true, "net_ring0"), List.of("--single-file-segments"));
        assertTrue(kept.contains("--huge-unlink") && kept.getLast().equals("--single-file-segments"), kept.toString());
    }

}
