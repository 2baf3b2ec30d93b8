package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getI32Le;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;

/**
 * A field name the parser recognises in place, in any case, a word at a time: the name's bytes with the 0x20
 * bit set (which folds letters to lower case and leaves digits and '-' as they are) are compared as
 * little-endian words, the last one overlapping the one before it, so a name of 14 bytes costs two loads
 * and no byte beyond the name is read. Names of at least four bytes.
 */
final class FieldName {
    private static final long FOLD = 0x2020202020202020L;

    private final int length;
    private final int[] offsets;
    private final long[] words;

    /** @param lower the name in lower case (letters, digits and '-') */
    FieldName(String lower) {
        length = lower.length();
        if (length < 4) {
            throw new IllegalArgumentException("too short to compare by words: " + lower);
        }
        int size = length >= 8 ? 8 : 4;
        int count = (length + size - 1) / size;
        offsets = new int[count];
        words = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = Math.min(i * size, length - size);
            for (int j = 0; j < size; j++) {
                words[i] |= (long) (lower.charAt(offsets[i] + j) | 0x20) << (8 * j);
            }
        }
    }

    int length() {
        return length;
    }

    /** Whether the {@link #length} bytes at {@code address} spell this name, in any case. */
    boolean at(long address) {
        if (length >= 8) {
            for (int i = 0; i < offsets.length; i++) {
                if ((getI64Le(address + offsets[i]) | FOLD) != words[i]) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < offsets.length; i++) {
            if ((getI32Le(address + offsets[i]) | (int) FOLD) != (int) words[i]) {
                return false;
            }
        }
        return true;
    }
}
