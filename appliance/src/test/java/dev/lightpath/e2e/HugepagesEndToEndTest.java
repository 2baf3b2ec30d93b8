package dev.lightpath.e2e;

import dev.lightpath.host.Hugepages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The appliance on hugepages, started and stopped again and again as a service is: it reserves them itself
 * ({@code --hugepages}), serves HTTP from them, and after every stop, clean or killed, the kernel has every page
 * back. Runs as root on the host's real hugepages, and puts the host back as it found it (the reservation, the
 * hugetlbfs mount).
 */
class HugepagesEndToEndTest {
    private static final int PAGES = 64;
    private static final int RUNS = 4;
    private static final Pattern TAKEN = Pattern.compile(
            "lightpath: memory: hugepages of 2048 kB in ([^,:]+), unlinked once mapped: (\\d+) taken at start");

    @Test
    void restartsOnHugepagesServeHttpAndLoseNoPage(@TempDir Path dir) throws Exception {
        TestNetwork.requireRoot();
        Hugepages host = Hugepages.ofHost();
        long reservedBefore = host.total();
        List<Path> mountsBefore = host.mounts();
        boolean mountDirectoryExisted = Files.isDirectory(Hugepages.DEFAULT_MOUNT);
        Path site = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[1 << 20];
        new Random(74).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        try (TestNetwork network = new TestNetwork(74)) {
            List<Long> ours = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                boolean killed = run == RUNS - 1;
                try (ApplianceProcess appliance = new ApplianceProcess("run", "--hugepages", Integer.toString(PAGES),
                        "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "0",
                        "--idle", "backoff", "--docroot", site.toString(), "--metrics", "off")) {
                    String memory = appliance.awaitLine("lightpath: memory:", 60);
                    Matcher taken = TAKEN.matcher(memory);
                    assertTrue(taken.find(), "run " + run + " is on hugepages: " + memory);
                    assertTrue(Long.parseLong(taken.group(2)) > 0, "the EAL took pages: " + memory);
                    appliance.awaitLine("ready", 60);
                    ours.add(appliance.pid());
                    assertTrue(hugetlbKb(appliance.pid()) > 0, "its memory is on hugepages while it runs");

                    Path out = dir.resolve("big." + run);
                    network.inNamespace("curl", "-sS", "--max-time", "20", "-o", out.toString(),
                            "http://" + network.applianceAddress() + "/big.bin");
                    assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "run " + run + ": 1 MB byte-exact");

                    if (killed) {
                        // A crash: no cleanup runs, and still nothing is left, since the files were unlinked at start.
                        appliance.close();
                        ProcessHandle.of(appliance.pid()).ifPresent(p -> p.onExit().join());
                    } else {
                        assertEquals(0, appliance.terminate(), appliance.output());
                        ApplianceProcess.assertMempoolWhole(appliance.output());
                    }
                    assertEquals(List.of(), host.pageFiles("lightpath-" + appliance.pid()),
                            "run " + run + " left no page file behind");
                }
                assertEquals(0, pagesHeldByNoneBut(host, ours), "after run " + run + " every page in use is held "
                        + "by a process still running, or by a file another program left: none by the runs");
                // A later start reserves more only when someone else holds pages then, so that is not asserted.
                assertTrue(host.total() >= PAGES, "--hugepages reserved them: " + host.total());
            }
        } finally {
            restore(host, reservedBefore, mountsBefore, mountDirectoryExisted);
        }
    }

    /**
     * Pages in use that nothing else explains: not held by a live process (its mappings), nor by the page file of
     * an ended process other than {@code ours} (programs, other tests, may run on the same hugepages meanwhile).
     * Pages kept by a file one of our runs left behind, or lost otherwise, are counted. Read until two readings of
     * what others hold agree, so a process starting or stopping meanwhile does not count.
     */
    private static long pagesHeldByNoneBut(Hugepages host, List<Long> ours) throws Exception {
        long pageKb = host.pageSizeKb();
        for (int attempt = 0; ; attempt++) {
            long before = heldByOthersKb(host, ours);
            long inUse = host.total() - host.free();
            long after = heldByOthersKb(host, ours);
            if (before == after || attempt == 50) {
                return inUse - after / pageKb;
            }
        }
    }

    private static long heldByOthersKb(Hugepages host, List<Long> ours) throws Exception {
        long kb = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                kb += hugetlbKb(Long.parseLong(process.getFileName().toString()));
            }
        }
        Pattern pageFile = Pattern.compile(".*-(\\d+)map_\\d+");
        for (Path mount : host.mounts()) {
            try (var files = Files.list(mount)) {
                for (Path file : files.toList()) {
                    Matcher owner = pageFile.matcher(file.getFileName().toString());
                    long pid = owner.matches() ? Long.parseLong(owner.group(1)) : -1;
                    if (!ours.contains(pid) && ProcessHandle.of(pid).isEmpty()) {
                        kb += Files.size(file) / 1024;
                    }
                }
            }
        }
        return kb;
    }

    /** The hugepage memory a process has mapped, from its smaps; 0 once it has ended. */
    private static long hugetlbKb(long pid) {
        long kb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
                if (line.startsWith("Private_Hugetlb:") || line.startsWith("Shared_Hugetlb:")) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException ended) {
            return 0;
        }
        return kb;
    }

    /** Unmounts what the runs mounted and gives the kernel's reservation back its old size. */
    private static void restore(Hugepages host, long reservedBefore, List<Path> mountsBefore, boolean directoryExisted)
            throws Exception {
        List<Path> added = new ArrayList<>(host.mounts());
        added.removeAll(mountsBefore);
        for (Path mount : added) {
            // Lazily: a process of someone else's that found the pages free may still be using them.
            TestNetwork.run("umount", "-l", mount.toString());
        }
        if (!directoryExisted && added.contains(Hugepages.DEFAULT_MOUNT)) {
            Files.deleteIfExists(Hugepages.DEFAULT_MOUNT);
        }
        Files.writeString(Path.of("/proc/sys/vm/nr_hugepages"), Long.toString(reservedBefore));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
