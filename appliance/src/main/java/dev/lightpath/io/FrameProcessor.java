package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;

/**
 * What a core runs on the frames its ports deliver: the protocol stack in the appliance, the forwarding loop
 * in l2fwd. Called only by the owning worker, in this order each duty cycle: {@link #process} for each received
 * burst, then {@link #poll}, then {@link #flush}.
 */
public interface FrameProcessor {
    /** Takes ownership of every frame in the burst (forwards, keeps, or frees each), and leaves it empty. */
    void process(MbufBurst frames, long nowNanos);

    /** Runs what is due at {@code nowNanos} (timers); returns the amount of work done, 0 when idle. */
    int poll(long nowNanos);

    /** Hands frames queued for transmit to the port; returns how many were sent. */
    int flush();
}
