package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;

/**
 * Turns a frame the port received as a chain of segments (scattered receive: a frame longer than one receive
 * buffer) into one contiguous frame in a buffer of the stack's pool, whose buffers hold a whole frame of the MTU.
 *
 * <p>Why a copy rather than a stack that walks chains: every layer above reads headers and hands payload to the
 * application as one contiguous range, and the out-of-order queues and their budget count one buffer per held
 * segment. A chain kept as it is would make each of those walk segments for the sake of the one case (a frame
 * longer than the receive buffers) where the port could not give one buffer. The copy is of one frame at memory
 * speed, and it lets the receive rings be filled with small buffers, where most of a jumbo configuration's
 * memory would otherwise sit. A frame longer than the stack's buffers (a peer's TSO super-frame passed on whole by
 * a vhost back end, say) is dropped and counted, never truncated.
 */
final class ChainedFrames {
    private final PacketPool pool;
    private final NetCounters counters;

    ChainedFrames(PacketPool pool, NetCounters counters) {
        this.pool = pool;
        this.counters = counters;
    }

    /**
     * The frame of {@code chain} in one buffer, with the chain freed; 0 when it was dropped (and freed, and
     * counted). A single-segment frame is returned as it is.
     */
    long linearise(long chain) {
        if (!Mbuf.chained(chain)) {
            return chain;
        }
        int length = Mbuf.packetLength(chain);
        if (length > pool.dataRoom()) {
            counters.dropChainTooLong++;
            pool.free(chain);
            return 0;
        }
        long frame = pool.allocate();
        if (frame == 0) {
            counters.dropChainNoBuffer++;
            pool.free(chain);
            return 0;
        }
        long to = Mbuf.data(frame);
        int copied = 0;
        int segments = Mbuf.segments(chain);
        long segment = chain;
        for (int i = 0; i < segments && segment != 0; i++) {
            int n = Math.min(Mbuf.dataLength(segment), length - copied);
            NativeMemory.copy(Mbuf.data(segment), to + copied, n);
            copied += n;
            segment = Mbuf.next(segment);
        }
        if (copied != length || segment != 0) {
            // The segments' lengths or count disagree with the head's: no port should say so, and nothing is trusted.
            counters.dropChainMalformed++;
            pool.free(frame);
            pool.free(chain);
            return 0;
        }
        Mbuf.length(frame, length);
        Mbuf.offloadFlags(frame, Mbuf.offloadFlags(chain));
        Mbuf.rssHash(frame, Mbuf.rssHash(chain));
        Mbuf.port(frame, Mbuf.port(chain));
        Mbuf.vlanTci(frame, Mbuf.vlanTci(chain));
        pool.free(chain);
        counters.rxChained++;
        counters.rxChainSegments += segments;
        return frame;
    }
}
