package dev.lightpath.control.metrics;

import dev.lightpath.metrics.CountersFileReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where appliances leave their counters files, and how a reader finds the running one: by default
 * {@code /dev/shm/lightpath-<pid>.counters} (memory, not disk), and the newest such file whose appliance is
 * still alive is the one {@code appliance stat} shows.
 */
public final class CountersFiles {
    private static final String PREFIX = "lightpath-";
    private static final String SUFFIX = ".counters";

    private CountersFiles() {
    }

    /** /dev/shm where it exists (Linux), else the temporary directory. */
    public static Path defaultDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    public static Path defaultPath(long pid) {
        return defaultDirectory().resolve(PREFIX + pid + SUFFIX);
    }

    /**
     * The newest counters file in {@code directory} whose appliance is running and which is ready to read;
     * files left by appliances that died, and files still being laid out, are passed over.
     */
    public static Optional<Path> findLive(Path directory) {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().startsWith(PREFIX) && f.getFileName().toString().endsWith(SUFFIX))
                    .forEach(candidates::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        candidates.sort(Comparator.comparingLong(CountersFiles::modified).reversed());
        for (Path candidate : candidates) {
            try (CountersFileReader reader = CountersFileReader.attach(candidate)) {
                if (alive(reader.pid()) && reader.live()) {
                    return Optional.of(candidate);
                }
            } catch (IllegalStateException e) {
                // not ready, another layout, or gone since listing: not the running appliance
            }
        }
        return Optional.empty();
    }

    /** True when a process with this pid runs (pids are reused, but a live file from a reused pid is rare). */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
