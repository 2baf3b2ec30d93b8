package dev.lightpath.tcp;

/**
 * One preallocated connection slot: the transmission control block of RFC 9293 3.3.1 plus the send queue.
 * Created once per slot when the stack starts and reused; the application sees it as a {@link TcpStream}. What
 * only a connection with bytes in flight or out of order uses (the send queue and copy area, RACK records, the
 * SACK scoreboard, the out-of-order queue) is lent by the core's pools meanwhile, so an idle slot holds none.
 * Sequence numbers are ints compared modulo 2^32 ({@link Seq}).
 */
final class Connection implements TcpStream {
    /** SACKed ranges remembered per connection; the peer reports at most 4 per ACK, so 16 leaves room. */
    static final int SCOREBOARD_RANGES = 16;

    final TcpStack stack;
    final int slot;
    long generation;

    int state = TcpState.CLOSED;
    StreamHandler handler;
    int hash;
    int localAddress;
    int localPort;
    /** IPv4: the peer's address. IPv6: its /64 folded ({@link SegmentAddresses#sourceKey6}), for the per-source limit. */
    int remoteAddress;
    int remotePort;
    /** An IPv6 connection: the peer {@link #remoteHigh}:{@link #remoteLow}, we {@link #localHigh}:{@link #localLow}. */
    boolean ipv6;
    long remoteHigh;
    long remoteLow;
    long localHigh;
    long localLow;
    boolean passive;
    /** Counted against its source's limit ({@link TcpConfig#maxConnectionsPerSource}) until TIME-WAIT or release. */
    boolean sourceCounted;

    // Send sequence space.
    int iss;
    int sndUna;
    int sndNxt;
    /** Highest sequence sent: SND.NXT goes back to SND.UNA on a timeout, ACKs up to this stay acceptable. */
    int sndMax;
    int sndWnd;
    int maxSndWnd;
    int sndWl1;
    int sndWl2;
    int sndMss;
    int sndShift;
    // Receive sequence space.
    int irs;
    int rcvNxt;
    int rcvShift;
    /** The most the application can take now ({@link TcpStream#limitReceiveWindow}); unlimited by default. */
    int windowLimit = Integer.MAX_VALUE;
    boolean peerFin;
    /** Sends wait for {@link #uncork}: a response written in pieces leaves in full segments. */
    boolean corked;
    /** RFC 7323 timestamps negotiated; TS.Recent for PAWS and for echoing. */
    boolean tsOk;
    int tsRecent;
    /** Added to our millisecond clock in the timestamps this connection sends (RFC 7323 section 7.1). */
    int tsOffset;

    /** RFC 2018 SACK agreed in the handshake. */
    boolean sackOk;
    /** What the peer has SACKed above SND.UNA (RFC 6675 scoreboard). */
    final SackScoreboard scoreboard;
    /** When each outstanding segment was last sent, and which are retransmitted or lost (RACK, RFC 8985). */
    final SentSegments sent;
    /** RACK.xmit_ts and RACK.end_seq: the most recently sent of the segments delivered so far; valid once set. */
    boolean rackValid;
    long rackXmit;
    int rackOrder;
    int rackEnd;
    /** RACK.rtt: the RTT of that segment's delivery. */
    long rackRtt;
    /** RACK.fack: the highest sequence delivered. */
    int rackFack;
    /** The least RTT of segments sent once, in nanoseconds; Long.MAX_VALUE before the first. */
    long minRtt = Long.MAX_VALUE;
    /** RACK.reordering_seen: a segment sent once was delivered below another delivered before it, or an undo. */
    boolean reorderingSeen;
    /** RACK.reo_wnd_mult and RACK.reo_wnd_persist (RFC 8985 6.2 step 4). */
    int reorderWindowSteps = 1;
    int reorderWindowPersist;
    /** RACK.dsack_round: SND.MAX when the window last widened; one widening per round trip. */
    boolean dsackRoundActive;
    int dsackRound;
    /** When the segments RACK waits on are taken as lost if nothing is delivered first; 0 when none waits. */
    long reorderDeadline;
    /** A DSACK block to report first in the next ACK (RFC 2883): a segment arrived whole below RCV.NXT. */
    boolean dsackPending;
    int dsackLeft;
    int dsackRight;
    /**
     * Undo (RFC 3708, RFC 3522, RFC 5682): the window before the reduction of the latest recovery or timeout,
     * SND.UNA when it began, its retransmissions not yet shown spurious, and our timestamp on the first of them.
     */
    boolean undoArmed;
    /** The reduction to undo was a retransmission timeout's. */
    boolean undoAfterTimeout;
    int undoMarker;
    /** SND.MAX when the episode began: DSACKs above it are of later retransmissions (tail loss probes). */
    int undoHigh;
    int undoRetrans;
    int priorCwnd;
    int priorSsthresh;
    double priorCubicWmax;
    boolean retransTsvalSet;
    int retransTsval;
    /** F-RTO (RFC 5682 section 3): 1 after the timeout's retransmission, 2 once new data went out; 0 when off. */
    int frtoStage;
    /** SND.MAX at the timeout: data below it sent once and then delivered shows the timeout was spurious. */
    int frtoHigh;
    /** F-RTO's step 2b is due: new data goes out once the ACK that allows it has been processed. */
    boolean frtoNewDataPending;
    /** PRR (RFC 6937): RecoverFS, prr_delivered and prr_out of the current recovery, in bytes. */
    int prrRecoverFs;
    int prrDelivered;
    int prrOut;
    /** RFC 3042: bytes the first two duplicate ACKs let go out beyond cwnd; 0 otherwise. */
    int limitedTransmit;
    /** When a tail loss probe goes out if no ACK comes first (RFC 8985 section 7); 0 when none is armed. */
    long probeDeadline;
    /** A probe is out and its episode not over: until SND.UNA passes {@link #probeEnd}. */
    boolean probeOut;
    /** Probes sent while {@link #probeOut}: one more may follow the first before the timer. */
    byte probesSent;
    /** SND.MAX when the probe went out: a SACK reaching it shows everything unSACKed below was lost. */
    int probeEnd;

    // Send queue: entries of (address, length) from sndUna's first data byte on.
    // Lent by the core's SendQueues while anything is queued, else empty.
    long[] queueAddress = SendQueues.NO_LONGS;
    int[] queueLength = SendQueues.NO_INTS;
    boolean[] queueCopy = SendQueues.NO_BOOLEANS;
    /** The queue lent, or -1. */
    int queue = -1;
    int queueHead;
    int queueCount;
    /** Bytes of the head entry already acknowledged. */
    int headAcked;
    /** Unacknowledged plus unsent data bytes in the queue. */
    int queuedBytes;
    /** The copy area lent by the core's SendCopyAreas while copied bytes are unacknowledged (-1 and 0 when none). */
    int copyArea = -1;
    long copyBase;
    int copyHead;
    int copyUsed;
    boolean sendWasFull;
    boolean finQueued;
    boolean finSent;
    int finSeq;
    /** In the core's {@link SendWaiters}: nothing queued, and no send queue (or copy area) free to lend. */
    boolean waiting;
    boolean waitingForCopy;
    int waitPrevious = -1;
    int waitNext = -1;

    // Loss recovery and congestion control (RFC 6298, 5681, 6582).
    long srtt;
    long rttvar;
    long rto;
    int retries;
    boolean rttTiming;
    /**
     * Our timestamp when the latest retransmission timeout resent data; echoes older than it are not RTT samples.
     * Meaningful only while {@link #timedOut}.
     */
    int timeoutTsval;
    boolean timedOut;
    int rttSeq;
    long rttStart;
    int cwnd;
    int ssthresh;
    int dupAcks;
    boolean inRecovery;
    int recover;
    // CUBIC (RFC 9438), in bytes and seconds: see Cubic.
    /** W_max: the window at the latest reduction (lower after fast convergence); 0 after a timeout. */
    double cubicWmax;
    /** K: seconds from the epoch's start until the cubic is back at W_max. */
    double cubicK;
    /** W_est: the window Reno would have reached in this epoch. */
    double cubicWest;
    /** cwnd_prior: the window when the threshold was last set. */
    int cubicCwndPrior;
    /** Growth of less than a byte not yet added to cwnd. */
    double cubicCarry;
    /** The epoch (t_epoch) starts at the first ACK of congestion avoidance after a reduction. */
    boolean cubicEpochStarted;
    long cubicEpochStart;
    // Hybrid slow start: the round being watched, see HybridSlowStart.
    /** The round ends when SND.UNA reaches this (SND.MAX when it began). */
    int hystartRoundEnd;
    boolean hystartRoundStarted;
    /** When the round's first ACK came, and the latest ACK of its train. */
    long hystartRoundStart;
    long hystartLastAck;
    /** The smallest RTT among the round's first samples, and how many were taken. */
    long hystartRoundMinRtt;
    int hystartSamples;

    // Timers: absolute deadlines, 0 when off; one wheel timer stands for the earliest.
    long rtoDeadline;
    long delayedAckDeadline;
    long timeWaitDeadline;
    long keepAliveDeadline;
    long idleDeadline;
    /** When a connection the application has closed gives up waiting for the peer's FIN (FIN-WAIT-2). */
    long finWait2Deadline;
    /** When the peer's window shut with our data waiting; 0 while it is open. */
    long zeroWindowSince;
    int keepAliveProbes;
    int unackedSegments;
    /** ACKs still to be sent at once rather than delayed ({@link QuickAcks}). */
    int quickAcks;
    /** When in-order data last arrived, 0 before any. */
    long lastDataArrival;

    /**
     * Out-of-order segments held in their receive mbufs, and the arrivals that order the SACK blocks: lent by the
     * core's OutOfOrderQueues while the connection holds a segment, else {@link OutOfOrderQueue#NONE}.
     */
    OutOfOrderQueue ooo = OutOfOrderQueue.NONE;
    int oooCount;
    int oooBytes;

    Connection(TcpStack stack, int slot) {
        this.stack = stack;
        this.slot = slot;
        // A connection made without a stack (its fields' arithmetic examined alone) gets records of its own.
        this.scoreboard = stack != null ? new SackScoreboard(stack.scoreboards) : new SackScoreboard(SCOREBOARD_RANGES);
        this.sent = new SentSegments(stack != null ? stack.sentRecords : new SentRecordPool(1, slot + 1, new TcpCounters()),
                slot);
    }

    /** Where {@code mbuf} sits in the out-of-order queue, or -1. */
    int indexOfHeld(long mbuf) {
        for (int i = 0; i < oooCount; i++) {
            if (ooo.mbuf[i] == mbuf) {
                return i;
            }
        }
        return -1;
    }

    void reset() {
        windowLimit = Integer.MAX_VALUE;
        generation++;
        state = TcpState.CLOSED;
        handler = null;
        passive = false;
        sourceCounted = false;
        ipv6 = false;
        remoteHigh = remoteLow = 0;
        localHigh = localLow = 0;
        sndUna = sndNxt = sndMax = sndWnd = maxSndWnd = sndWl1 = sndWl2 = 0;
        sndShift = rcvShift = 0;
        peerFin = false;
        corked = false;
        tsOk = false;
        tsRecent = 0;
        sackOk = false;
        resetRecovery();
        queueHead = queueCount = headAcked = queuedBytes = 0;
        copyHead = copyUsed = 0;
        sendWasFull = finQueued = finSent = false;
        srtt = rttvar = 0;
        retries = 0;
        rttTiming = false;
        timedOut = false;
        timeoutTsval = 0;
        dupAcks = 0;
        inRecovery = false;
        cubicWmax = cubicK = cubicWest = cubicCarry = 0;
        cubicCwndPrior = 0;
        cubicEpochStarted = false;
        cubicEpochStart = 0;
        HybridSlowStart.reset(this);
        rtoDeadline = delayedAckDeadline = timeWaitDeadline = keepAliveDeadline = idleDeadline = 0;
        finWait2Deadline = zeroWindowSince = 0;
        keepAliveProbes = 0;
        unackedSegments = 0;
        quickAcks = 0;
        lastDataArrival = 0;
    }

    /** Loss detection and recovery's state: the scoreboard, RACK, DSACK and undo, F-RTO, PRR and the probes. */
    private void resetRecovery() {
        scoreboard.clear();
        sent.clear();
        rackValid = false;
        rackXmit = rackRtt = 0;
        rackEnd = rackFack = rackOrder = 0;
        minRtt = Long.MAX_VALUE;
        reorderingSeen = false;
        reorderWindowSteps = 1;
        reorderWindowPersist = 0;
        dsackRoundActive = false;
        dsackRound = 0;
        reorderDeadline = 0;
        dsackPending = false;
        undoArmed = false;
        undoRetrans = 0;
        retransTsvalSet = false;
        frtoStage = 0;
        frtoNewDataPending = false;
        prrRecoverFs = prrDelivered = prrOut = 0;
        limitedTransmit = 0;
        probeDeadline = 0;
        probeOut = false;
        probesSent = 0;
        probeEnd = 0;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public int localAddress() {
        return localAddress;
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public int remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }

    @Override
    public boolean ipv6() {
        return ipv6;
    }

    @Override
    public long remoteAddressHigh() {
        return remoteHigh;
    }

    @Override
    public long remoteAddressLow() {
        return remoteLow;
    }

    @Override
    public boolean sendReference(long address, int length) {
        return stack.sendReference(this, address, length);
    }

    @Override
    public int sendCopy(long address, int length) {
        return stack.sendCopy(this, address, length);
    }

    @Override
    public int sendCopySpace() {
        return stack.sendBuffering.copySpace(this);
    }

    @Override
    public int sendReferenceSpace() {
        return stack.sendBuffering.referenceSpace(this);
    }

    boolean canQueue() {
        return !finQueued && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
            || state == TcpState.SYN_RECEIVED || state == TcpState.SYN_SENT);
    }

    @Override
    public void wantSendSpace() {
        sendWasFull = true;
        stack.sendBuffering.waitIfStarved(this);
    }

    @Override
    public void cork() {
        corked = true;
    }

    @Override
    public void uncork() {
        corked = false;
        stack.flushQueued(this);
    }

    @Override
    public void close() {
        corked = false;
        stack.close(this);
    }

    @Override
    public void abort() {
        stack.abort(this);
    }

    @Override
    public void limitReceiveWindow(int bytes) {
        stack.limitWindow(this, bytes);
    }

    @Override
    public boolean peerClosed() {
        return peerFin;
    }

    @Override
    public String toString() {
        return "Connection[" + slot + " " + TcpState.name(state) + " una=" + (sndUna - iss) + " nxt=" + (sndNxt - iss)
                + " max=" + (sndMax - iss) + " wnd=" + sndWnd + " cwnd=" + cwnd + " rcvNxt=" + (rcvNxt - irs)
                + " rto=" + rto + " retries=" + retries + " queued=" + queuedBytes + " inRecovery=" + inRecovery
                + " rtoDeadline=" + rtoDeadline + " wheel=" + (stack != null ? stack.timers.wheelDeadline(this) : 0) + "]";
    }
}
