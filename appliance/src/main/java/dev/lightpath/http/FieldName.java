package dev.lightpath.http;

import static dev.lightpath.dpdk.NativeMemory.getI32Le;
import static dev.lightpath.dpdk.NativeMemory.getI64Le;

/**
 * A field name the parser recognises in place, in any case, a word at a time: the name's bytes with the 0x20
 * bit set (which folds letters to lower case and leaves digits and '-' as they are) are compared as
 * little-endian words: the first word, the last (overlapping the first where the name is shorter than two
 * words) and, for names longer than two words, the one in between. No byte beyond the name is read. Names of
 * 4 to 24 bytes.
 *
 * <p>A record, so that the JIT trusts its fields: for a name held in a {@code static final}, {@link #at}
 * compiles to two or three loads and compares against constants.
 *
 * @param length bytes in the name
 * @param first  the first eight bytes (four for names shorter than eight), folded
 * @param middle bytes 8 to 15, folded, for names longer than 16 bytes
 * @param last   the last eight bytes (or four), folded
 */
record FieldName(int length, long first, long middle, long last) {
    private static final long FOLD = 0x2020202020202020L;

    /** @param lower the name in lower case (letters, digits and '-') */
    static FieldName of(String lower) {
        int length = lower.length();
        if (length < 4 || length > 24) {
            throw new IllegalArgumentException("not 4 to 24 bytes, as the word compares need: " + lower);
        }
        int size = length >= 8 ? 8 : 4;
        return new FieldName(length, word(lower, 0, size), length > 16 ? word(lower, 8, 8) : 0, word(lower, length - size, size));
    }

    private static long word(String lower, int offset, int size) {
        long word = 0;
        for (int j = 0; j < size; j++) {
            word |= (long) (lower.charAt(offset + j) | 0x20) << (8 * j);
        }
        return word;
    }

    /** Whether the {@link #length} bytes at {@code address} spell this name, in any case. */
    boolean at(long address) {
        if (length >= 8) {
            return (getI64Le(address) | FOLD) == first
                    && (getI64Le(address + length - 8) | FOLD) == last
                    && (length <= 16 || (getI64Le(address + 8) | FOLD) == middle);
        }
        return (getI32Le(address) | (int) FOLD) == (int) first && (getI32Le(address + length - 4) | (int) FOLD) == (int) last;
    }
}
