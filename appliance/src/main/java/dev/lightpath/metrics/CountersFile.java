package dev.lightpath.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lightpath.metrics.CountersFileLayout.*;

/**
 * The writing side of the shared counters file (see {@link CountersFileLayout}): created at start with room for
 * exactly the counters the cores have, laid out by the control thread ({@link #allocate}), marked {@link #ready}
 * before any worker publishes, and deleted by {@link #close} at a clean shutdown. Readers in other processes
 * ({@code appliance stat}, the metrics endpoint) map it read-only.
 *
 * <p>Allocation is not thread-safe and happens before the workers start; after that each counter's value slot
 * has exactly one writer, its core, and the heartbeat has one writer too.
 */
public final class CountersFile implements AutoCloseable {
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer values;
    private final CountersManager manager;
    private final int capacity;
    private boolean closed;

    private CountersFile(Path path, MappedByteBuffer mapped, int capacity) {
        this.path = path;
        this.mapped = mapped;
        this.capacity = capacity;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        UnsafeBuffer metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength(capacity));
        this.values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength(capacity), valuesLength(capacity));
        this.manager = new CountersManager(metadata, values, StandardCharsets.UTF_8);
    }

    /**
     * Creates (or replaces) the file with room for {@code capacity} counters and writes the header, with the
     * layout version left 0 until {@link #ready}.
     */
    public static CountersFile create(Path path, int capacity, long pid, long startTimeMillis) {
        if (capacity < 1 || capacity > maxCounters()) {
            throw new IllegalArgumentException("a counters file holds 1.." + maxCounters() + " counters, not " + capacity);
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the counters file " + path + ": " + e.getMessage(), e);
        }
        MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), fileLength(capacity), true);
        CountersFile file;
        try {
            file = new CountersFile(path, mapped, capacity);
        } catch (IllegalAccessError | NoClassDefFoundError e) {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("Agrona's buffers cannot reach the JDK's Unsafe: run the JVM with "
                    + "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED (bin/appliance does)", e);
        }
        file.header.putInt(COUNTERS_OFFSET, 0);
        file.header.putLong(PID_OFFSET, pid);
        file.header.putLong(START_TIME_OFFSET, startTimeMillis);
        file.header.putInt(METADATA_LENGTH_OFFSET, metadataLength(capacity));
        file.header.putInt(VALUES_LENGTH_OFFSET, valuesLength(capacity));
        file.header.putLongRelease(HEARTBEAT_OFFSET, startTimeMillis);
        return file;
    }

    /**
     * Allocates a counter for one core (control thread, before {@link #ready}); returns the offset of its value
     * in {@link #values()}.
     */
    public int allocate(String name, int core, CounterKind kind) {
        if (manager.available() == 0) {
            throw new IllegalStateException("the counters file is full (" + capacity + " counters)");
        }
        int id = manager.allocate(name, kind.typeId(), key -> key.putInt(KEY_CORE_OFFSET, core));
        header.putInt(COUNTERS_OFFSET, id + 1);
        return CountersManager.counterOffset(id);
    }

    /** Publishes the layout: readers that attach from now on see every counter. */
    public void ready() {
        header.putIntRelease(VERSION_OFFSET, VERSION);
    }

    /** The values region: workers write their counters here with ordered stores. */
    public AtomicBuffer values() {
        return values;
    }

    /** Records that the appliance is alive at {@code epochMillis}; called by one publisher only. */
    public void heartbeat(long epochMillis) {
        header.putLongRelease(HEARTBEAT_OFFSET, epochMillis);
    }

    public Path path() {
        return path;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Unmaps and deletes the file. Every publisher must have stopped: a write after this would touch unmapped
     * memory.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        header.putIntRelease(VERSION_OFFSET, 0);
        IoUtil.unmap(mapped);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the counters file " + path + ": " + e.getMessage(), e);
        }
    }
}
