package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * TCP options (RFC 9293 §3.2, RFC 7323, RFC 2018): parsed into fields, written in the usual layouts.
 * Garbage is tolerated as the RFCs ask: an option whose length is wrong or runs past the header ends parsing
 * and marks the options {@link #malformed()}, keeping what was read before it. Hostile values are clamped:
 * an MSS below {@link #MIN_MSS} is raised to it, a window scale above 14 is lowered to 14 (RFC 7323 §2.3).
 */
public final class TcpOptions {
    public static final int END = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int SACK = 5;
    public static final int TIMESTAMP = 8;

    /** The smallest MSS accepted from a peer: a tiny MSS would make us send one segment per few bytes. */
    public static final int MIN_MSS = 64;
    public static final int MAX_WINDOW_SCALE = 14;
    public static final int MAX_SACK_BLOCKS = 4;
    /** MSS, window scale, SACK-permitted and timestamps, padded: what a SYN carries. */
    public static final int SYN_OPTIONS_LENGTH = 20;
    public static final int TIMESTAMP_OPTION_LENGTH = 12;

    private int mss;
    private int windowScale;
    private boolean sackPermitted;
    private boolean timestampPresent;
    private int timestampValue;
    private int timestampEcho;
    private int sackBlocks;
    private final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    private final int[] sackRight = new int[MAX_SACK_BLOCKS];
    private boolean malformed;

    /** Parses {@code length} bytes of options at {@code address}; never reads beyond them. */
    public void parse(long address, int length) {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestampPresent = false;
        sackBlocks = 0;
        malformed = false;
        int i = 0;
        while (i < length) {
            int kind = getU8(address + i);
            if (kind == END) {
                return;
            }
            if (kind == NOP) {
                i++;
                continue;
            }
            if (i + 1 >= length) {
                malformed = true;
                return;
            }
            int size = getU8(address + i + 1);
            if (size < 2 || i + size > length) {
                malformed = true;
                return;
            }
            long at = address + i;
            switch (kind) {
                case MSS -> {
                    if (size == 4) {
                        mss = Math.max(MIN_MSS, getU16Be(at + 2));
                    } else {
                        malformed = true;
                    }
                }
                case WINDOW_SCALE -> {
                    if (size == 3) {
                        windowScale = Math.min(MAX_WINDOW_SCALE, getU8(at + 2));
                    } else {
                        malformed = true;
                    }
                }
                case SACK_PERMITTED -> sackPermitted = size == 2;
                case TIMESTAMP -> {
                    if (size == 10) {
                        timestampPresent = true;
                        timestampValue = getI32Be(at + 2);
                        timestampEcho = getI32Be(at + 6);
                    } else {
                        malformed = true;
                    }
                }
                case SACK -> {
                    int blocks = (size - 2) / 8;
                    if ((size - 2) % 8 != 0) {
                        malformed = true;
                    }
                    for (int b = 0; b < blocks && sackBlocks < MAX_SACK_BLOCKS; b++) {
                        sackLeft[sackBlocks] = getI32Be(at + 2 + b * 8L);
                        sackRight[sackBlocks] = getI32Be(at + 6 + b * 8L);
                        sackBlocks++;
                    }
                }
                default -> {
                    // unknown options are skipped by their length
                }
            }
            i += size;
        }
    }

    /** The peer's MSS (clamped to at least {@link #MIN_MSS}), or -1 when it sent none. */
    public int mss() {
        return mss;
    }

    /** The peer's window shift (clamped to at most 14), or -1 when it sent none. */
    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public boolean timestampPresent() {
        return timestampPresent;
    }

    public int timestampValue() {
        return timestampValue;
    }

    public int timestampEcho() {
        return timestampEcho;
    }

    public int sackBlocks() {
        return sackBlocks;
    }

    public int sackLeft(int block) {
        return sackLeft[block];
    }

    public int sackRight(int block) {
        return sackRight[block];
    }

    public boolean malformed() {
        return malformed;
    }

    /**
     * Writes the options of a SYN or SYN-ACK: MSS, then window scale, SACK-permitted and timestamps each when
     * wanted (window scale and SACK-permitted take -1/false to leave out; timestamps when {@code timestamps}).
     * Returns the length written, padded with NOPs to a multiple of 4.
     */
    public static int writeSyn(long at, int mss, int windowScale, boolean sackPermitted, boolean timestamps,
                               int timestampValue, int timestampEcho) {
        int i = 0;
        putByte(at, MSS);
        putByte(at + 1, 4);
        putU16Be(at + 2, mss);
        i += 4;
        if (windowScale >= 0) {
            putByte(at + i, NOP);
            putByte(at + i + 1, WINDOW_SCALE);
            putByte(at + i + 2, 3);
            putByte(at + i + 3, windowScale);
            i += 4;
        }
        if (sackPermitted && !timestamps) {
            putByte(at + i, NOP);
            putByte(at + i + 1, NOP);
            putByte(at + i + 2, SACK_PERMITTED);
            putByte(at + i + 3, 2);
            i += 4;
        }
        if (timestamps) {
            if (sackPermitted) {
                putByte(at + i, SACK_PERMITTED);
                putByte(at + i + 1, 2);
            } else {
                putByte(at + i, NOP);
                putByte(at + i + 1, NOP);
            }
            putByte(at + i + 2, TIMESTAMP);
            putByte(at + i + 3, 10);
            putI32Be(at + i + 4, timestampValue);
            putI32Be(at + i + 8, timestampEcho);
            i += 12;
        }
        return i;
    }

    /** NOP, NOP, timestamps: the 12 bytes every segment carries once timestamps are negotiated. */
    public static int writeTimestamp(long at, int timestampValue, int timestampEcho) {
        putByte(at, NOP);
        putByte(at + 1, NOP);
        putByte(at + 2, TIMESTAMP);
        putByte(at + 3, 10);
        putI32Be(at + 4, timestampValue);
        putI32Be(at + 8, timestampEcho);
        return TIMESTAMP_OPTION_LENGTH;
    }
}
