package dev.lightpath.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Paths to values, looked up by bytes in a caller's array without allocating: open addressing with linear
 * probing over a power-of-two table, built once at start and only read afterwards.
 */
final class PathTable<V> {
    private final byte[][] keys;
    private final Object[] values;
    private final int mask;
    private int size;

    PathTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new byte[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    void put(String path, V value) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("path table sized for fewer entries");
        }
        byte[] key = path.getBytes(StandardCharsets.UTF_8);
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null && !Arrays.equals(keys[i], key)) {
            i = (i + 1) & mask;
        }
        if (keys[i] == null) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** The value for the path in {@code path[from..to)}, or null. */
    @SuppressWarnings("unchecked")
    V get(byte[] path, int from, int to) {
        int i = hash(path, from, to) & mask;
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], 0, keys[i].length, path, from, to)) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    int size() {
        return size;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
