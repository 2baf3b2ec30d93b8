package dev.lightpath.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.lightpath.metrics.CountersFileLayout.*;

/**
 * The reading side of the shared counters file: maps it read-only (a reader can never disturb the appliance),
 * learns the counters' names, cores and kinds once at attach, and then reads their values with volatile loads
 * as often as asked. Used by {@code appliance stat} from another process and by the metrics endpoint.
 */
public final class CountersFileReader implements AutoCloseable {
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;
    private final int[] ids;
    private final String[] names;
    private final int[] cores;
    private final CounterKind[] kinds;

    private CountersFileReader(Path path, MappedByteBuffer mapped) {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        if (metadataLength < 0 || valuesLength < 0
                || (long) HEADER_LENGTH + metadataLength + valuesLength > mapped.capacity()) {
            throw new IllegalStateException(path + " is cut short: not a whole counters file");
        }
        UnsafeBuffer metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength);
        this.counters = new CountersReader(metadata, values, StandardCharsets.UTF_8);
        List<Integer> idList = new ArrayList<>();
        List<String> nameList = new ArrayList<>();
        List<Integer> coreList = new ArrayList<>();
        List<CounterKind> kindList = new ArrayList<>();
        counters.forEach((CountersReader.MetaData) (id, typeId, key, label) -> {
            idList.add(id);
            nameList.add(label);
            coreList.add(key.getInt(KEY_CORE_OFFSET));
            kindList.add(CounterKind.ofTypeId(typeId));
        });
        this.ids = idList.stream().mapToInt(Integer::intValue).toArray();
        this.names = nameList.toArray(String[]::new);
        this.cores = coreList.stream().mapToInt(Integer::intValue).toArray();
        this.kinds = kindList.toArray(CounterKind[]::new);
    }

    /**
     * Attaches to a counters file. Throws {@link IllegalStateException} saying why when the file is missing,
     * too short, of another layout version, or still being laid out.
     */
    public static CountersFileReader attach(Path path) {
        long length;
        try {
            length = Files.size(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the counters file " + path + " (" + e.getMessage() + ")", e);
        }
        if (length < HEADER_LENGTH) {
            throw new IllegalStateException(path + " is not a counters file (" + length + " bytes)");
        }
        MappedByteBuffer mapped = IoUtil.mapExistingFile(path.toFile(), FileChannel.MapMode.READ_ONLY, "counters");
        try {
            int version = new UnsafeBuffer(mapped, 0, HEADER_LENGTH).getIntVolatile(VERSION_OFFSET);
            if (version == 0) {
                throw new IllegalStateException(path + " is not ready: the appliance is starting or has stopped");
            }
            if (version != VERSION) {
                throw new IllegalStateException(path + " has layout version " + version + "; this program reads "
                        + VERSION);
            }
            return new CountersFileReader(path, mapped);
        } catch (RuntimeException e) {
            IoUtil.unmap(mapped);
            throw e;
        }
    }

    /** Reads every counter now. */
    public CountersSnapshot snapshot() {
        List<CounterSample> samples = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            samples.add(new CounterSample(names[i], cores[i], kinds[i], counters.getCounterValue(ids[i])));
        }
        return new CountersSnapshot(pid(), startTimeMillis(), heartbeatMillis(), System.nanoTime(), samples);
    }

    public long pid() {
        return header.getLong(PID_OFFSET);
    }

    public long startTimeMillis() {
        return header.getLong(START_TIME_OFFSET);
    }

    public long heartbeatMillis() {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /** False once the appliance has shut down cleanly (it clears the version before deleting the file). */
    public boolean live() {
        return header.getIntVolatile(VERSION_OFFSET) == VERSION;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
