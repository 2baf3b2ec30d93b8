package dev.lightpath.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's hugepages of the default size: how many the kernel holds reserved and free, where hugetlbfs is
 * mounted, reserving more on request, and removing the page files that DPDK processes of this program left behind.
 * Every path is read under a root directory, so tests can lay out a fake {@code /proc} and {@code /sys}.
 */
public final class Hugepages {
    /** Where a hugetlbfs is mounted when none is: where systemd mounts it at boot. */
    public static final Path DEFAULT_MOUNT = Path.of("/dev/hugepages");

    /**
     * The files DPDK names {@code <file-prefix>map_<n>} in a hugetlbfs, for this program's prefixes
     * ({@code lightpath-<pid>}, {@code lightpath-test-<pid>}, ...): the pid says whether their owner still lives.
     */
    private static final Pattern PAGE_FILE = Pattern.compile("lightpath-(?:[a-z]+-)*(\\d+)map_\\d+");

    /** Mounts a hugetlbfs at a directory; {@link #mountWithMountCommand} on a real host. */
    @FunctionalInterface
    public interface Mounter {
        void mount(Path directory) throws IOException;
    }

    private final Path root;

    /** @param root where {@code proc/} and {@code sys/} are: "/" on the host */
    public Hugepages(Path root) {
        this.root = root;
    }

    public static Hugepages ofHost() {
        return new Hugepages(Path.of("/"));
    }

    /** The default hugepage size in kB ({@code Hugepagesize} in /proc/meminfo); 0 when the kernel has none. */
    public long pageSizeKb() {
        try {
            for (String line : Files.readAllLines(root.resolve("proc/meminfo"))) {
                if (line.startsWith("Hugepagesize:")) {
                    return Long.parseLong(line.substring(13).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Pages of the default size the kernel holds reserved for hugetlbfs, in use or not. */
    public long total() {
        return readCount("nr_hugepages");
    }

    /** Pages of the default size nobody has mapped or reserved. */
    public long free() {
        return readCount("free_hugepages");
    }

    /** The hugetlbfs mount points serving the default page size, in /proc/mounts order (DPDK takes the first). */
    public List<Path> mounts() {
        List<Path> mounts = new ArrayList<>();
        String defaultSize = pageSizeText(pageSizeKb());
        try {
            for (String line : Files.readAllLines(root.resolve("proc/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length < 4 || !fields[2].equals("hugetlbfs")) {
                    continue;
                }
                Matcher size = Pattern.compile("(?:^|,)pagesize=([^,]+)").matcher(fields[3]);
                if (!size.find() || size.group(1).equalsIgnoreCase(defaultSize)) {
                    mounts.add(Path.of(unescape(fields[1])));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return mounts;
    }

    /** What DPDK's EAL needs to use hugepages: a hugetlbfs mounted for the default size, with free pages. */
    public boolean usable() {
        return free() > 0 && !mounts().isEmpty();
    }

    /**
     * Makes sure {@code pages} pages of the default size are free, raising the kernel's reservation by what is
     * missing, and that a hugetlbfs is mounted ({@link #DEFAULT_MOUNT} when none is). The reservation stays after
     * the process ends, as a boot-time one would: the next start finds the pages free and reserves nothing.
     *
     * @return what was done, for the log
     * @throws IllegalStateException saying what is missing, when the pages cannot be had
     */
    public String reserve(int pages, Mounter mounter) {
        if (pages < 1) {
            throw new IllegalArgumentException("hugepages: " + pages + " is not a page count (1 or more)");
        }
        long sizeKb = pageSizeKb();
        if (sizeKb == 0) {
            throw new IllegalStateException("hugepages: this kernel has none (no Hugepagesize in /proc/meminfo); "
                    + "run without --hugepages (DPDK then uses --no-huge)");
        }
        StringBuilder done = new StringBuilder();
        long free = free();
        if (free < pages) {
            long before = total();
            long wanted = before + (pages - free);
            Path count = countFile("nr_hugepages");
            try {
                Files.writeString(count, Long.toString(wanted));
            } catch (AccessDeniedException e) {
                throw new IllegalStateException("hugepages: reserving " + pages + " needs root (writing " + count
                        + " was refused); reserve them as root or at boot (docs/DEPLOY.md)", e);
            } catch (IOException e) {
                throw new IllegalStateException("hugepages: writing " + wanted + " to " + count + " failed: " + e, e);
            }
            long now = free();
            if (now < pages) {
                throw new IllegalStateException(String.format(Locale.ROOT, "hugepages: asked for %d free pages of %d kB, "
                        + "the kernel has only %d free after raising its reservation from %d to %d (memory too small "
                        + "or too fragmented: reserve them at boot with hugepages=%d on the kernel command line, see "
                        + "docs/DEPLOY.md)", pages, sizeKb, now, before, wanted, wanted));
            }
            done.append(String.format(Locale.ROOT, "reserved %d more page(s) of %d kB (%d in all, %d free)",
                    total() - before, sizeKb, total(), now));
        } else {
            done.append(String.format(Locale.ROOT, "%d page(s) of %d kB free, %d asked for: none reserved", free,
                    sizeKb, pages));
        }
        if (mounts().isEmpty()) {
            Path directory = root.resolve(DEFAULT_MOUNT.toString().substring(1));
            try {
                Files.createDirectories(directory);
                mounter.mount(directory);
            } catch (IOException e) {
                throw new IllegalStateException("hugepages: no hugetlbfs is mounted and mounting one at " + DEFAULT_MOUNT
                        + " failed: " + e.getMessage(), e);
            }
            if (mounts().isEmpty()) {
                throw new IllegalStateException("hugepages: mounted a hugetlbfs at " + DEFAULT_MOUNT
                        + ", yet /proc/mounts does not show it");
            }
            done.append("; mounted hugetlbfs at ").append(DEFAULT_MOUNT);
        }
        return done.toString();
    }

    /**
     * Deletes the page files in every hugetlbfs mount that DPDK processes of this program left when they ended
     * without unlinking them (a crash before the EAL's unlink, or a version that did not ask for it), giving
     * their pages back. Files of processes still alive are kept.
     *
     * @return how many files were deleted
     */
    public int removeLeftovers(LongPredicate alive) {
        int removed = 0;
        for (Path mount : mounts()) {
            Path dir = root.resolve(mount.toString().substring(1));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Matcher name = PAGE_FILE.matcher(file.getFileName().toString());
                    if (name.matches() && !alive.test(Long.parseLong(name.group(1)))) {
                        Files.deleteIfExists(file);
                        removed++;
                    }
                }
            } catch (IOException e) {
                // A mount this process may not read (another user's): its files are not ours to remove.
            }
        }
        return removed;
    }

    /** The page files of one DPDK file prefix in the mounts, e.g. those of {@code lightpath-<pid>}. */
    public List<Path> pageFiles(String filePrefix) {
        List<Path> found = new ArrayList<>();
        for (Path mount : mounts()) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(mount.toString().substring(1)),
                    filePrefix + "map_*")) {
                files.forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /**
     * For the start-up log: whether the EAL ran on hugepages or with {@code --no-huge}, from its arguments, and on
     * hugepages how many it took since {@code freeBefore} was read (other processes starting or stopping at the
     * same moment blur that figure).
     */
    public String describeUse(List<String> ealArguments, long freeBefore) {
        if (ealArguments.contains("--no-huge")) {
            int m = ealArguments.indexOf("-m");
            String memory = m >= 0 && m + 1 < ealArguments.size() ? ealArguments.get(m + 1) + " MB of " : "";
            return "--no-huge: " + memory + "ordinary memory (no hugetlbfs mounted with free pages; "
                    + "--hugepages N reserves some)";
        }
        String directory = null;
        for (int i = 0; i < ealArguments.size(); i++) {
            String arg = ealArguments.get(i);
            if (arg.startsWith("--huge-dir=")) {
                directory = arg.substring(11);
            } else if (arg.equals("--huge-dir") && i + 1 < ealArguments.size()) {
                directory = ealArguments.get(i + 1);
            }
        }
        if (directory == null) {
            List<Path> mounts = mounts();
            directory = mounts.isEmpty() ? "?" : mounts.get(0).toString();
        }
        long free = free();
        return String.format(Locale.ROOT, "hugepages of %d kB in %s%s: %d taken at start, %d of %d free now",
                pageSizeKb(), directory, ealArguments.contains("--huge-unlink") ? ", unlinked once mapped"
                        : ealArguments.contains("--in-memory") ? ", in memory (no page files)" : "",
                Math.max(0, freeBefore - free), free, total());
    }

    /** Runs {@code mount -t hugetlbfs nodev DIR}. */
    public static void mountWithMountCommand(Path directory) throws IOException {
        Process mount = new ProcessBuilder("mount", "-t", "hugetlbfs", "nodev", directory.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (mount.waitFor() != 0) {
                throw new IOException("mount -t hugetlbfs nodev " + directory + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + directory, e);
        }
    }

    private long readCount(String name) {
        try {
            return Long.parseLong(Files.readString(countFile(name)).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Path countFile(String name) {
        return root.resolve("sys/kernel/mm/hugepages/hugepages-" + pageSizeKb() + "kB").resolve(name);
    }

    /** How /proc/mounts writes a page size in a pagesize= option: 2M, 1G. */
    private static String pageSizeText(long kb) {
        return kb >= 1 << 20 && kb % (1 << 20) == 0 ? kb / (1 << 20) + "G"
                : kb >= 1024 && kb % 1024 == 0 ? kb / 1024 + "M" : kb + "K";
    }

    /** /proc/mounts writes space, tab, newline and backslash in octal escapes. */
    private static String unescape(String field) {
        Matcher escape = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder out = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        escape.appendTail(out);
        return out.toString();
    }
}
