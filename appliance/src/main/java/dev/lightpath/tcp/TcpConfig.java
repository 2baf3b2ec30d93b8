package dev.lightpath.tcp;

/** Settings of one core's TCP stack. Mutable fields set before the stack is built; defaults are sane. */
public final class TcpConfig {
    /** Connections per core, including half-open and TIME-WAIT ones. */
    public int tableCapacity = 1024;
    /** MSS we announce and the largest segment we send. */
    public int mss = 1460;
    /**
     * The longest payload TCP hands the port in one packet for it to cut into MSS-sized segments (TCP segmentation
     * offload); 0 when the port does not cut, and every segment carries one MSS at most.
     */
    public int segmentationOffloadBytes;
    /**
     * The longest frame, Ethernet header included, that a segment cut by the port may make; 0 for no limit beyond
     * the MSS. net_tap refuses a TSO packet whose segments, counted with their Ethernet header, exceed the MTU.
     */
    public int segmentationOffloadFrame;
    /**
     * Whether the port cuts IPv6 packets too. net_tap (DPDK 22.11) cuts through the GSO library, which knows TCP
     * over IPv4 only, and would pass an IPv6 packet on whole.
     */
    public boolean segmentationOffloadIpv6 = true;
    /** Receive window in bytes (the application consumes synchronously, so it stays open). */
    public int receiveWindow = 256 * 1024;
    /** Window scale shift we offer (0..14). */
    public int windowScale = 3;
    /** Offer and accept RFC 7323 timestamps (PAWS, echoed on every segment). */
    public boolean timestamps = true;
    /**
     * Offer and accept selective acknowledgments (RFC 2018): blocks sent for out-of-order data, and the peer's
     * blocks used to retransmit only the holes (RFC 6675).
     */
    public boolean sack = true;
    /** How the congestion window grows and shrinks: CUBIC (RFC 9438), or NewReno (RFC 5681, RFC 6582). */
    public CongestionAlgorithm congestionControl = CongestionAlgorithm.CUBIC;
    /**
     * F-RTO (RFC 5682, SACK-enhanced): after a retransmission timeout, new data goes out before more is resent,
     * and a timeout the next ACKs show spurious is undone instead of resending the whole flight.
     */
    public boolean frto = true;
    /**
     * RACK (RFC 8985): a segment is lost once one sent after it is delivered and a reordering window has passed.
     * Off, losses are found as RFC 6675 alone finds them: DupThresh segments SACKed above a hole, or a tail loss
     * probe's answer (retransmissions are still ordered by their send times).
     */
    public boolean rack = true;
    /**
     * Hybrid slow start for CUBIC ({@link HybridSlowStart}, as Linux's CUBIC): slow start ends when a round's ACK
     * train or its RTT shows the path full, not at the first loss. Off, it ends at a loss or the peer's window.
     */
    public boolean hystart = true;
    public long initialRtoNanos = 1_000_000_000L;
    public long minRtoNanos = 200_000_000L;
    public long maxRtoNanos = 60_000_000_000L;
    /** Retransmissions of one segment before the connection is aborted with TIMEOUT. */
    public int maxRetransmissions = 8;
    /**
     * Zero-window probes, unanswered by any opening, of a connection the application has closed before it is
     * aborted with TIMEOUT (about a minute, the probes backing off). Without it a peer that never reads would hold the
     * connection, its queued data and its FIN for ever; a connection still open is probed without limit.
     */
    public int maxOrphanProbes = 5;
    /**
     * How long a window may stay shut with our data waiting, counted from the first zero-window probe, before
     * the connection is aborted (TIMEOUT), however the peer answers the probes: a client that never reads would otherwise hold a slot, its send queue and
     * the application's state for ever. Any opening of the window starts the count again. 0 = never.
     */
    public long zeroWindowTimeoutNanos = 120_000_000_000L;
    /**
     * Linux's tcp_fin_timeout: how long a connection waits in FIN-WAIT-2 for the peer's FIN after ours was
     * acknowledged. A peer that never closes would otherwise hold the slot for ever. 0 = never.
     */
    public long finWait2TimeoutNanos = 60_000_000_000L;
    public long delayedAckNanos = 40_000_000L;
    /**
     * Data segments acknowledged at once, not delayed, when a connection opens and again after it was idle for an
     * RTO ({@link QuickAcks}); Linux's TCP_MAX_QUICKACKS. 0 = every ACK may be delayed.
     */
    public int quickAcks = 16;
    /** 2MSL. */
    public long timeWaitNanos = 60_000_000_000L;
    public boolean keepAlive = false;
    public long keepAliveIdleNanos = 7_200_000_000_000L;
    public long keepAliveIntervalNanos = 75_000_000_000L;
    public int keepAliveCount = 9;
    /** Close (reason IDLE) a connection with no traffic either way for this long; 0 = never. */
    public long idleTimeoutNanos = 0;
    /**
     * Bounds of out-of-order data held per connection: enough to hold a receive window's worth, so one loss does not
     * make us drop everything the sender sent behind it (which it then sends again); the core's budget
     * ({@link #maxOutOfOrderMbufs}) bounds all connections together.
     */
    public int maxOutOfOrderBytes = 256 * 1024;
    public int maxOutOfOrderSegments = 192;
    /**
     * Mbufs held for out-of-order data by all of a core's connections together; past it the oldest is given up.
     * 0 takes a quarter of the packet pool, so that holes alone can never starve the receive ring.
     */
    public int maxOutOfOrderMbufs = 0;
    /**
     * Connections one remote address may hold open on a core at once (TIME-WAIT not counted); a SYN beyond it is
     * refused with a reset, as iptables' connlimit does. 0 = no limit.
     */
    public int maxConnectionsPerSource = 0;
    /**
     * Default backlog of a listener: its half-open (SYN-RECEIVED) connections per core before SYN cookies (or
     * drops) take over. {@code TcpStack.listen} may give each listener its own.
     */
    public int synBacklog = 256;
    public boolean synCookies = true;
    public int challengeAcksPerSecond = 1000;
    /** Bytes of a connection's copy area behind {@link TcpStream#sendCopy}, lent while copied bytes are unacknowledged. */
    public int sendCopyBytes = 16 * 1024;
    /** Entries of a connection's send queue (references and copy chunks), lent while anything is queued. */
    public int sendQueueEntries = 64;
    /**
     * Connections per core that can have bytes queued to send at once: each borrows a send queue while anything
     * it queued is unacknowledged; -1: {@link #sendQueueCount()}'s default.
     */
    public int sendQueues = -1;
    /**
     * Connections per core that can have copied bytes ({@link TcpStream#sendCopy}) unacknowledged at once: each
     * borrows a copy area of {@link #sendCopyBytes} meanwhile; -1: {@link #sendBufferCount()}'s default.
     */
    public int sendBuffers = -1;

    /** Send queues per core: {@link #sendQueues}, or by default the table's size up to 4,096. */
    public int sendQueueCount() {
        return sendQueues > 0 ? sendQueues : Math.min(tableCapacity, 4096);
    }

    /** Copy areas per core: {@link #sendBuffers}, or by default the table's size up to 4,096. */
    public int sendBufferCount() {
        return sendBuffers > 0 ? sendBuffers : Math.min(tableCapacity, 4096);
    }
    /**
     * Connections per core whose data in flight can be timed segment by segment for RACK at once (blocks of
     * {@value SentSegments#CAPACITY} records, lent while data is in flight); -1: {@link #sentRecordBlocks()}'s
     * default.
     */
    public int timedFlights = -1;

    /** Blocks of sent records per core: {@link #timedFlights}, or by default the table's size up to 4,096. */
    public int sentRecordBlocks() {
        return timedFlights >= 0 ? timedFlights : Math.min(tableCapacity, 4096);
    }

    /** Longest probe sequence in the connection table. */
    public int maxProbe = 16;
}
