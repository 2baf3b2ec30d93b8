package dev.lightpath.host;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The host's hugepages read from, and reserved in, a fake /proc and /sys laid out in a temporary directory. */
class HugepagesTest {
    @TempDir
    Path root;
    Path counts;

    @BeforeEach
    void host() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        4000000 kB\nHugePages_Total:       0\n"
                + "Hugepagesize:       2048 kB\n");
        counts = Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB"));
        setCounts(0, 0);
        Files.writeString(root.resolve("proc/mounts"), "proc /proc proc rw 0 0\n");
    }

    void setCounts(long total, long free) throws Exception {
        Files.writeString(counts.resolve("nr_hugepages"), total + "\n");
        Files.writeString(counts.resolve("free_hugepages"), free + "\n");
    }

    void mount(String line) throws java.io.IOException {
        Files.writeString(root.resolve("proc/mounts"), line + "\n", StandardOpenOption.APPEND);
    }

    @Test
    void mountsOfTheDefaultSizeAreFoundAsProcMountsWritesThem() throws Exception {
        Hugepages host = new Hugepages(root);
        assertEquals(List.of(), host.mounts());
        mount("nodev /mnt/huge\\0401g hugetlbfs rw,relatime,pagesize=1024M 0 0");
        mount("nodev /mnt/huge\\040two hugetlbfs rw,relatime,pagesize=2M 0 0");
        mount("hugetlbfs /dev/hugepages hugetlbfs rw,relatime 0 0");
        assertEquals(List.of(Path.of("/mnt/huge two"), Path.of("/dev/hugepages")), host.mounts());
        assertEquals(2048, host.pageSizeKb());
    }

    @Test
    void usableNeedsAMountAndFreePages() throws Exception {
        Hugepages host = new Hugepages(root);
        setCounts(64, 64);
        assertFalse(host.usable(), "free pages, no mount");
        mount("nodev /dev/hugepages hugetlbfs rw 0 0");
        assertTrue(host.usable());
        setCounts(64, 0);
        assertFalse(host.usable(), "mounted, every page taken");
    }

    @Test
    void enoughFreePagesAreNotReservedAgainAndAMissingMountIsMounted() throws Exception {
        setCounts(64, 40);
        List<Path> mounted = new ArrayList<>();
        String done = new Hugepages(root).reserve(32, directory -> {
            mounted.add(directory);
            mount("nodev /dev/hugepages hugetlbfs rw,relatime 0 0");
        });
        assertEquals("64\n", Files.readString(counts.resolve("nr_hugepages")), "the reservation is left as it was");
        assertEquals(List.of(root.resolve("dev/hugepages")), mounted);
        assertTrue(Files.isDirectory(root.resolve("dev/hugepages")));
        assertEquals("40 page(s) of 2048 kB free, 32 asked for: none reserved; mounted hugetlbfs at /dev/hugepages",
                done);
    }

    @Test
    void missingPagesRaiseTheReservationByWhatIsMissing() throws Exception {
        setCounts(10, 4);
        mount("nodev /dev/hugepages hugetlbfs rw 0 0");
        // The fake kernel reserves nothing whatever is written: the refusal names what it got.
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new Hugepages(root).reserve(20, directory -> fail("already mounted")));
        assertEquals("26", Files.readString(counts.resolve("nr_hugepages")), "10 reserved, 4 free: 16 more for 20");
        assertTrue(refused.getMessage().startsWith("hugepages: asked for 20 free pages of 2048 kB, the kernel has "
                + "only 4 free after raising its reservation from 10 to 26"), refused.getMessage());
        assertTrue(refused.getMessage().contains("hugepages=26 on the kernel command line"), refused.getMessage());
    }

    @Test
    void aKernelWithoutHugepagesIsSaidPlainly() throws Exception {
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        4000000 kB\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new Hugepages(root).reserve(8, directory -> fail("nothing to mount")));
        assertTrue(refused.getMessage().contains("this kernel has none"), refused.getMessage());
    }

    @Test
    void leftoverPageFilesOfEndedProcessesAreRemovedAndNoOthers() throws Exception {
        mount("nodev /dev/hugepages hugetlbfs rw 0 0");
        Path dir = Files.createDirectories(root.resolve("dev/hugepages"));
        for (String name : List.of("lightpath-100map_0", "lightpath-100map_1", "lightpath-test-200map_0",
                "lightpath-300map_0", "rtemap_0", "lightpath-notapid")) {
            Files.writeString(dir.resolve(name), "");
        }
        int removed = new Hugepages(root).removeLeftovers(pid -> pid == 300);
        assertEquals(3, removed);
        try (var left = Files.list(dir)) {
            assertEquals(List.of("lightpath-300map_0", "lightpath-notapid", "rtemap_0"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "a live process's file and files of other programs stay");
        }
        assertEquals(List.of(dir.resolve("lightpath-300map_0")), new Hugepages(root).pageFiles("lightpath-300"));
    }

    @Test
    void theStartUpLineSaysWhichMemoryTheEalWasGiven() throws Exception {
        Hugepages host = new Hugepages(root);
        assertEquals("--no-huge: 512 MB of ordinary memory (no hugetlbfs mounted with free pages; --hugepages N "
                + "reserves some)", host.describeUse(List.of("lightpath", "-l", "0", "--no-huge", "-m", "512"), 0));
        mount("nodev /dev/hugepages hugetlbfs rw 0 0");
        setCounts(64, 53);
        assertEquals("hugepages of 2048 kB in /dev/hugepages, unlinked once mapped: 11 taken at start, 53 of 64 "
                + "free now", host.describeUse(List.of("lightpath", "--huge-unlink"), 64));
        assertEquals("hugepages of 2048 kB in /mnt/mine: 0 taken at start, 53 of 64 free now",
                host.describeUse(List.of("lightpath", "--huge-dir", "/mnt/mine"), 50));
    }
}
