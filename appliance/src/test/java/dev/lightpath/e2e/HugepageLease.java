package dev.lightpath.e2e;

import dev.lightpath.host.Hugepages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugepages for a test, given back afterwards: the kernel's reservation raised by what the test needs and a
 * hugetlbfs mounted when none is (the EAL looks for one), then the mount undone and the reservation put back.
 */
final class HugepageLease implements AutoCloseable {
    private final Hugepages host = Hugepages.ofHost();
    private final long reservedBefore;
    private final List<Path> mountsBefore;
    private final Path mountedHere;

    HugepageLease(int pages, Path scratch) throws Exception {
        TestNetwork.requireRoot();
        reservedBefore = host.total();
        mountsBefore = host.mounts();
        Files.writeString(Path.of("/proc/sys/vm/nr_hugepages"), Long.toString(reservedBefore + pages));
        if (mountsBefore.isEmpty()) {
            mountedHere = Files.createDirectories(scratch.resolve("hugepages"));
            TestNetwork.run("mount", "-t", "hugetlbfs", "nodev", mountedHere.toString());
        } else {
            mountedHere = null;
        }
    }

    /** Free pages now. */
    long free() {
        return host.free();
    }

    @Override
    public void close() throws Exception {
        List<Path> added = new ArrayList<>(host.mounts());
        added.removeAll(mountsBefore);
        if (mountedHere != null && added.contains(mountedHere)) {
            // Lazily: a process of someone else's that found the pages free may still be using them.
            TestNetwork.run("umount", "-l", mountedHere.toString());
        }
        Files.writeString(Path.of("/proc/sys/vm/nr_hugepages"), Long.toString(reservedBefore));
    }
}
