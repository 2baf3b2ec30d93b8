package dev.lightpath.io;

/**
 * A bottleneck: frames leave at {@code bitsPerSecond}, one after the other, each taking its length in bits over
 * the rate to serialize (the frame's bytes as the mbuf holds them; no preamble, FCS or gap), and wait in a FIFO
 * queue meanwhile. The queue holds at most {@code queueBytes} bytes or {@code queueFrames} frames (whichever is
 * given; 0 means no limit of that kind); a frame that would exceed it is dropped (tail drop) and counted, so
 * offered more than it can carry, the link builds a standing queue and then drops, as a router does.
 */
public record RateLimit(long bitsPerSecond, long queueBytes, int queueFrames) {
    /** The queue when none is given: tc's pfifo default of 1000 frames. */
    public static final int DEFAULT_QUEUE_FRAMES = 1000;
    public static final RateLimit NONE = new RateLimit(0, 0, 0);

    public RateLimit {
        if (bitsPerSecond < 0 || queueBytes < 0 || queueFrames < 0) {
            throw new IllegalArgumentException("impairment rate and queue must not be negative");
        }
        if (bitsPerSecond == 0 && (queueBytes > 0 || queueFrames > 0)) {
            throw new IllegalArgumentException("impairment queue needs a rate: frames queue only behind a bottleneck");
        }
        if (bitsPerSecond > 0 && queueBytes == 0 && queueFrames == 0) {
            throw new IllegalArgumentException("impairment rate needs a queue limit (queue=200kb or queue=1000frames)");
        }
    }

    public boolean isNone() {
        return bitsPerSecond == 0;
    }
}
