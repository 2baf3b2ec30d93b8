package dev.lightpath.metrics;

import org.agrona.concurrent.status.CountersReader;

/**
 * The shared counters file, byte by byte: a header, then Agrona's counters metadata (one 512-byte record
 * per counter: state, type id = {@link CounterKind}, key = the core, label = the counter's dotted name), then
 * the values (one 128-byte slot per counter, so no two counters share a cache line).
 *
 * <pre>
 *   0  int   layout version: 0 while the file is being laid out, {@link #VERSION} once it is ready
 *   4  int   counters in the file
 *   8  long  the appliance's pid
 *  16  long  start time, ms since the epoch
 *  24  int   metadata length in bytes
 *  28  int   values length in bytes
 *  64  long  heartbeat, ms since the epoch (on its own cache line: it is the one header field that moves)
 * 128        metadata, then values
 * </pre>
 */
public final class CountersFileLayout {
    /** Bumped whenever the layout changes; a reader refuses a file of another version. */
    public static final int VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int COUNTERS_OFFSET = 4;
    public static final int PID_OFFSET = 8;
    public static final int START_TIME_OFFSET = 16;
    public static final int METADATA_LENGTH_OFFSET = 24;
    public static final int VALUES_LENGTH_OFFSET = 28;
    public static final int HEARTBEAT_OFFSET = 64;
    public static final int HEADER_LENGTH = 128;

    /** Where the counter's core is kept in its metadata key. */
    public static final int KEY_CORE_OFFSET = 0;

    private CountersFileLayout() {
    }

    public static int metadataLength(int counters) {
        return counters * CountersReader.METADATA_LENGTH;
    }

    public static int valuesLength(int counters) {
        return counters * CountersReader.COUNTER_LENGTH;
    }

    public static long fileLength(int counters) {
        return (long) HEADER_LENGTH + metadataLength(counters) + valuesLength(counters);
    }

    /** The most counters one file can hold (its length stays an int). */
    public static int maxCounters() {
        return (Integer.MAX_VALUE - HEADER_LENGTH) / (CountersReader.METADATA_LENGTH + CountersReader.COUNTER_LENGTH);
    }
}
