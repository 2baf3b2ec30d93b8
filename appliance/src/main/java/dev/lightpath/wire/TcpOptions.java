package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;

/**
 * TCP options (RFC 9293 3.2, RFC 7323, RFC 2018): a reusable parse result plus static emitters. One instance
 * per core is reused for every segment. Parsing never reads past the option area it is given: a truncated or
 * malformed option ends parsing and sets {@link #malformed}, keeping what was parsed before it, because a
 * segment with a broken option is still a segment (the sequence/ack processing must see it).
 *
 * <p>Clamping: an MSS below {@link #MIN_MSS} (64) is raised to 64, so a hostile peer cannot make us emit
 * segments of a few bytes each; a window scale above 14 is treated as 14 (RFC 7323 2.3).
 */
public final class TcpOptions {
    public static final int END = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int SACK = 5;
    public static final int TIMESTAMPS = 8;

    public static final int MIN_MSS = 64;
    /** The MSS a peer gets when its SYN carries no MSS option (RFC 9293 3.7.1). */
    public static final int DEFAULT_MSS = 536;
    public static final int MAX_WINDOW_SCALE = 14;
    public static final int MAX_SACK_BLOCKS = 4;

    /** -1 when absent. */
    public int mss;
    /** -1 when absent. */
    public int windowScale;
    public boolean sackPermitted;
    public boolean timestamps;
    public int timestampValue;
    public int timestampEcho;
    public int sackBlocks;
    public final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    public final int[] sackRight = new int[MAX_SACK_BLOCKS];
    public boolean malformed;

    public void clear() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        sackBlocks = 0;
        malformed = false;
    }

    /** Parses the options between the fixed header and the data offset; returns false when malformed. */
    public boolean parse(long address, int length) {
        clear();
        int i = 0;
        while (i < length) {
            int kind = NativeMemory.getU8(address + i);
            if (kind == END) {
                break;
            }
            if (kind == NOP) {
                i++;
                continue;
            }
            if (i + 1 >= length) {
                malformed = true;
                break;
            }
            int len = NativeMemory.getU8(address + i + 1);
            if (len < 2 || i + len > length) {
                malformed = true;
                break;
            }
            read(kind, len, address + i + 2);
            i += len;
        }
        return !malformed;
    }

    /**
     * Records the option of {@code kind} and total length {@code len} whose data starts at {@code p}; a length
     * the kind does not have sets {@link #malformed}, and parsing goes on past it.
     */
    private void read(int kind, int len, long p) {
        switch (kind) {
            case MSS -> {
                if (len == 4) {
                    mss = Math.max(MIN_MSS, NativeMemory.getU16Be(p));
                } else {
                    malformed = true;
                }
            }
            case WINDOW_SCALE -> {
                if (len == 3) {
                    windowScale = Math.min(MAX_WINDOW_SCALE, NativeMemory.getU8(p));
                } else {
                    malformed = true;
                }
            }
            case SACK_PERMITTED -> {
                if (len == 2) {
                    sackPermitted = true;
                } else {
                    malformed = true;
                }
            }
            case TIMESTAMPS -> {
                if (len == 10) {
                    timestamps = true;
                    timestampValue = NativeMemory.getI32Be(p);
                    timestampEcho = NativeMemory.getI32Be(p + 4);
                } else {
                    malformed = true;
                }
            }
            case SACK -> {
                int blocks = (len - 2) / 8;
                if ((len - 2) % 8 != 0 || blocks == 0) {
                    malformed = true;
                } else {
                    sackBlocks = Math.min(blocks, MAX_SACK_BLOCKS);
                    for (int b = 0; b < sackBlocks; b++) {
                        sackLeft[b] = NativeMemory.getI32Be(p + 8L * b);
                        sackRight[b] = NativeMemory.getI32Be(p + 8L * b + 4);
                    }
                }
            }
            default -> {
                // Unknown options are skipped by their length, as RFC 9293 3.2 requires.
            }
        }
    }

    /** Writes MSS (4 bytes); returns bytes written. */
    public static int writeMss(long a, int mss) {
        NativeMemory.putByte(a, MSS);
        NativeMemory.putByte(a + 1, 4);
        NativeMemory.putU16Be(a + 2, mss);
        return 4;
    }

    /** Writes NOP + window scale (4 bytes, keeps alignment); returns bytes written. */
    public static int writeWindowScale(long a, int shift) {
        NativeMemory.putByte(a, NOP);
        NativeMemory.putByte(a + 1, WINDOW_SCALE);
        NativeMemory.putByte(a + 2, 3);
        NativeMemory.putByte(a + 3, shift);
        return 4;
    }

    /** Writes NOP NOP SACK-permitted (4 bytes); returns bytes written. */
    public static int writeSackPermitted(long a) {
        NativeMemory.putByte(a, NOP);
        NativeMemory.putByte(a + 1, NOP);
        NativeMemory.putByte(a + 2, SACK_PERMITTED);
        NativeMemory.putByte(a + 3, 2);
        return 4;
    }

    /**
     * Writes NOP NOP SACK with {@code count} blocks (4 + 8 * count bytes) from the first {@code count} entries of
     * {@code left} and {@code right}; returns bytes written.
     */
    public static int writeSack(long a, int[] left, int[] right, int count) {
        NativeMemory.putByte(a, NOP);
        NativeMemory.putByte(a + 1, NOP);
        NativeMemory.putByte(a + 2, SACK);
        NativeMemory.putByte(a + 3, 2 + 8 * count);
        for (int b = 0; b < count; b++) {
            NativeMemory.putI32Be(a + 4 + 8L * b, left[b]);
            NativeMemory.putI32Be(a + 8 + 8L * b, right[b]);
        }
        return 4 + 8 * count;
    }

    /** Writes NOP NOP timestamps (12 bytes); returns bytes written. */
    public static int writeTimestamps(long a, int value, int echo) {
        NativeMemory.putByte(a, NOP);
        NativeMemory.putByte(a + 1, NOP);
        NativeMemory.putByte(a + 2, TIMESTAMPS);
        NativeMemory.putByte(a + 3, 10);
        NativeMemory.putI32Be(a + 4, value);
        NativeMemory.putI32Be(a + 8, echo);
        return 12;
    }
}
