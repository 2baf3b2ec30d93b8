package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.RssHash;
import dev.lightpath.http.ChunkedDecoder;
import dev.lightpath.http.HttpRequestParser;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;

import java.lang.foreign.Arena;
import java.util.function.IntPredicate;

/**
 * One core's share of a load test: HTTP/1.1 over its own TCP connections ("lanes"), each opened from a source
 * port whose flow hash brings the answers back to this core. As fast as possible, a lane keeps {@code pipeline}
 * requests in flight; at a fixed rate, each lane sends on its own schedule and a request's latency runs from
 * when it was due, not when it left, so a stalled server is charged for every request it held back (the
 * coordinated-omission correction of wrk2). Responses are parsed in place; latencies go to this core's
 * {@link LatencyRecorder}. Nothing is allocated per request or connection.
 */
public final class LoadClient implements StreamHandler, CoreApplication {
    private static final byte IDLE = 0;
    private static final byte CONNECTING = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSING = 3;

    private static final byte HEAD = 0;
    private static final byte LENGTH = 1;
    private static final byte CHUNKED = 2;
    private static final byte UNTIL_CLOSE = 3;

    private static final int HEAD_BUFFER = 16 * 1024;
    private static final long CHECK_NANOS = 10_000_000L;
    private static final long CONNECT_RETRY_NANOS = 100_000_000L;

    private final LoadPlan plan;
    private final TcpStack tcp;
    private final int localAddress;
    private final Clock clock;
    private LatencyRecorder recorder;
    private final LiveLatency live = new LiveLatency();
    private final LiveRates lastSecond = new LiveRates();
    private final int worker;
    private final int workers;
    private final IntPredicate ownPort;

    private volatile long scheduledStart;
    /** When another thread asks the run to end before its planned end (a signal), or 0. */
    private volatile long stopRequestedAt;
    private boolean started;
    private boolean keepIntervals;
    private long startAt;
    private long measureFrom;
    private long endAt;
    private final SendSchedule schedule;
    private final ConnectArrivals arrivals;
    private final long timeoutNanos;
    private final long connectTimeoutNanos;

    private final long[] requestAddress;
    private final int[] requestLength;
    private final boolean[] requestIsHead;
    private final int[] cumulativeWeight;
    private final Arena arena = Arena.ofShared();
    private long random;

    private final int lanes;
    private final byte[] laneState;
    private final int[] laneSlot;
    private final long[] laneNext;
    private final long[] laneSince;
    private final boolean[] laneBackingOff;
    private int idleLanes;

    private final int depth;
    private final TcpStream[] streams;
    private final int[] slotLane;
    private final byte[] phase;
    private final long[] remaining;
    private final int[] status;
    private final boolean[] closeAfter;
    private final long[] flightDue;
    private final long[] flightSent;
    private final int[] flightRequest;
    private final int[] flightHead;
    private final int[] flightCount;
    private final long[] buffer;
    private final int[] buffered;
    private final ClientResponseParser parser = new ClientResponseParser(HEAD_BUFFER);
    private final ClientResponseHead head = new ClientResponseHead();
    private final ChunkedDecoder chunked;

    private long nextCheck;
    private long nextDue;
    private long nextRotate;
    private volatile boolean finished;

    // Counters: written by this core only, read (approximately) by the progress display.
    private long connectsStarted;
    private long connectsOpened;
    private long connectsRefused;
    private long connectsTimedOut;
    /** Handshakes under way when the run ended, given up by the client itself: not errors. */
    private long connectsAbandoned;
    /** Set while the client aborts a handshake itself at the end of the run, for {@link #onClosed}. */
    private boolean givingUp;
    private long requestsSent;
    private long responsesCompleted;
    private long openNow;
    private long noSourcePort;
    private long unansweredAtClose;
    private long connectFailures;

    /** Nothing is sent before {@link #start}; source ports are picked by the software steering's table. */
    public LoadClient(LoadPlan plan, int worker, int workers, TcpStack tcp, int localAddress, Clock clock, long seed) {
        this(plan, worker, workers, RedirectionTable.software(workers), tcp, localAddress, clock, seed);
    }

    /**
     * Nothing is sent before {@link #start}.
     *
     * @param table the port's hash to worker table: a source port is this worker's when the replies it brings hash
     *              to it, so they arrive on the core that opened the connection
     */
    public LoadClient(LoadPlan plan, int worker, int workers, RedirectionTable table, TcpStack tcp, int localAddress,
                      Clock clock, long seed) {
        this.plan = plan;
        this.tcp = tcp;
        this.localAddress = localAddress;
        this.clock = clock;
        this.worker = worker;
        this.workers = workers;
        this.timeoutNanos = plan.timeout().toNanos();
        this.connectTimeoutNanos = plan.connectTimeout().toNanos();
        this.random = seed | 1;
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        int remote = plan.targetAddress();
        int remotePort = plan.targetPort();
        this.ownPort = workers == 1 ? port -> true
                : port -> table.queueFor(rss.hash(remote, localAddress, remotePort, port)) == worker;

        int n = plan.requests().size();
        requestAddress = new long[n];
        requestLength = new int[n];
        requestIsHead = new boolean[n];
        cumulativeWeight = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            LoadRequest request = plan.requests().get(i);
            byte[] bytes = request.bytes(plan.host(), plan.connectionPerRequest());
            long address = NativeRegions.register(arena.allocate(bytes.length, 64), "a load request").address();
            NativeMemory.copy(bytes, 0, address, bytes.length);
            requestAddress[i] = address;
            requestLength[i] = bytes.length;
            requestIsHead[i] = request.isHead();
            total += request.weight();
            cumulativeWeight[i] = total;
        }

        lanes = plan.connectionsOf(worker, workers);
        laneState = new byte[lanes];
        laneSlot = new int[lanes];
        laneNext = new long[lanes];
        laneSince = new long[lanes];
        laneBackingOff = new boolean[lanes];
        java.util.Arrays.fill(laneSlot, -1);
        idleLanes = lanes;
        schedule = new SendSchedule(plan, lanes, worker, workers);
        arrivals = new ConnectArrivals(plan.connectRate(), lanes, worker, workers);

        int capacity = tcp.config().tableCapacity;
        depth = plan.pipeline();
        streams = new TcpStream[capacity];
        slotLane = new int[capacity];
        phase = new byte[capacity];
        remaining = new long[capacity];
        status = new int[capacity];
        closeAfter = new boolean[capacity];
        flightDue = new long[capacity * depth];
        flightSent = new long[capacity * depth];
        flightRequest = new int[capacity * depth];
        flightHead = new int[capacity];
        flightCount = new int[capacity];
        buffer = new long[capacity];
        buffered = new int[capacity];
        chunked = new ChunkedDecoder(capacity, Long.MAX_VALUE / 2);
        int bufferCount = Math.min(lanes, 256);
        long headBuffers = NativeRegions.registerSlices(arena.allocate((long) bufferCount * HEAD_BUFFER, 64), HEAD_BUFFER, "response head buffers").address();
        spares = new long[bufferCount];
        for (int i = 0; i < bufferCount; i++) {
            spares[spareCount++] = headBuffers + (long) i * HEAD_BUFFER;
        }
    }

    private final long[] spares;
    private int spareCount;

    /**
     * Sets when the lanes open and requests begin (on this client's clock, the same for every core of a run):
     * called by another thread once the engine runs; the worker picks it up in its next poll.
     */
    public void start(long startAt) {
        scheduledStart = startAt;
    }

    private boolean begin(long now) {
        long at = scheduledStart;
        if (at == 0 || now - at < 0) {
            return false;
        }
        started = true;
        startAt = at;
        measureFrom = at + plan.warmup().toNanos();
        endAt = measureFrom + plan.duration().toNanos();
        recorder = new LatencyRecorder(measureFrom, plan.duration(), keepIntervals,
                plan.profile() == null ? null : ProfilePhases.starts(plan.profile(), plan.duration()));
        nextDue = at;
        arrivals.start(at);
        for (int lane = 0; lane < lanes; lane++) {
            laneNext[lane] = plan.fixedRate() ? schedule.first(lane, at, measureFrom) : at;
            // A connection that arrives later owes nothing from before it arrived: its share starts then.
            long opens = arrivals.opensAt(lane);
            while (plan.fixedRate() && plan.connectRate() > 0 && laneNext[lane] - opens < 0) {
                laneNext[lane] = schedule.next(lane, laneNext[lane]);
            }
        }
        return true;
    }

    /** Keeps each second's latencies apart for an interval log ({@link LatencyRecorder#intervals()}); before {@link #start}. */
    public void keepIntervals() {
        keepIntervals = true;
    }

    /**
     * Ends the run early, at {@code at} (on this client's clock), as wrk does on Ctrl-C: no request is sent
     * after it, the answers in flight are awaited as at a planned end, then the lanes close. Called by another
     * thread; the worker picks it up in its next poll.
     */
    public void stopEarly(long at) {
        stopRequestedAt = at;
    }

    /** The results; read once the worker has stopped (empty if it never began). */
    public LatencyRecorder recorder() {
        if (recorder == null) {
            long at = scheduledStart;
            recorder = new LatencyRecorder(at + plan.warmup().toNanos(), plan.duration());
        }
        return recorder;
    }

    /**
     * Each second's latencies while the run goes, for the interval log's writer; null before the worker has begun
     * or without {@link #keepIntervals}. Never creates anything, unlike {@link #recorder()}.
     */
    public LatencyIntervals intervals() {
        LatencyRecorder current = recorder;
        return current == null ? null : current.intervals();
    }

    /** Frees the native copies of the requests: once the worker has stopped polling this client. */
    public void close() {
        arena.close();
    }

    /** True once the run is over and every lane has closed. */
    public boolean finished() {
        return finished;
    }

    // ---- the duty cycle ----

    @Override
    public int poll(long now) {
        if (finished || !started && !begin(now)) {
            return 0;
        }
        long stop = stopRequestedAt;
        if (stop != 0 && stop - endAt < 0) {
            endAt = stop;
        }
        int work = 0;
        boolean sending = now - endAt < 0;
        if (idleLanes > 0 && sending) {
            work += connectIdleLanes(now);
        }
        if (plan.fixedRate() && sending) {
            work += sendDue(now);
        }
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_NANOS;
            work += checkTimeouts(now);
            if (!sending) {
                finishWhenDrained();
            }
        }
        recorder.tick(now);
        if (now - nextRotate >= 0) {
            nextRotate = now + 1_000_000_000L;
            live.rotate();
            lastSecond.closeSecond(requestsSent, responsesCompleted, recorder.errors());
        }
        return work;
    }

    private int connectIdleLanes(long now) {
        int opened = 0;
        int released = arrivals.released(now);
        for (int lane = 0; lane < released && idleLanes > 0 && opened < 64; lane++) {
            if (laneState[lane] != IDLE) {
                continue;
            }
            if (plan.fixedRate() && plan.connectionPerRequest() && laneNext[lane] - now > 0) {
                continue;  // a connection per request opens when its request is due
            }
            if (laneBackingOff[lane]) {
                if (laneSince[lane] - now > 0) {
                    continue;  // a failed connect is retried after a pause, not in a storm
                }
                laneBackingOff[lane] = false;
            }
            int port = tcp.pickEphemeralPort(plan.targetAddress(), plan.targetPort(), localAddress, ownPort);
            if (port < 0) {
                noSourcePort++;
                return opened;
            }
            TcpStream stream = tcp.connect(plan.targetAddress(), plan.targetPort(), localAddress, port, this);
            if (stream == null) {
                noSourcePort++;
                return opened;
            }
            int slot = stream.slot();
            streams[slot] = stream;
            slotLane[slot] = lane;
            flightCount[slot] = 0;
            flightHead[slot] = 0;
            phase[slot] = HEAD;
            buffered[slot] = 0;
            closeAfter[slot] = false;
            laneSlot[lane] = slot;
            laneState[lane] = CONNECTING;
            laneSince[lane] = now;
            idleLanes--;
            connectsStarted++;
            opened++;
        }
        return opened;
    }

    /**
     * Fixed rate: every open lane sends what its schedule says is due. The lanes are walked only when the
     * earliest schedule among them has come; a lane whose pipeline is full is left to its next answer.
     */
    private int sendDue(long now) {
        if (now - nextDue < 0) {
            return 0;
        }
        int sent = 0;
        long earliest = now + 1_000_000L;
        for (int lane = 0; lane < lanes; lane++) {
            if (laneState[lane] == OPEN) {
                int slot = laneSlot[lane];
                sent += sendOwed(slot, now);
                if (flightCount[slot] < depth && laneNext[lane] - earliest < 0) {
                    earliest = laneNext[lane];
                }
            }
        }
        nextDue = earliest;
        return sent;
    }

    /** A lane that sent or opened outside the walk may be due before the walk's next turn. */
    private void noteDue(int lane) {
        if (laneNext[lane] - nextDue < 0) {
            nextDue = laneNext[lane];
        }
    }

    private int sendOwed(int slot, long now) {
        int lane = slotLane[slot];
        int sent = 0;
        TcpStream stream = streams[slot];
        stream.cork();
        while (laneNext[lane] - now <= 0 && laneNext[lane] - endAt < 0 && flightCount[slot] < depth
                && !(plan.connectionPerRequest() && closeAfter[slot])) {
            if (!send(slot, laneNext[lane], now)) {
                break;
            }
            laneNext[lane] = schedule.next(lane, laneNext[lane]);
            sent++;
        }
        stream.uncork();
        return sent;
    }

    private boolean send(int slot, long due, long now) {
        int request = pick();
        if (!streams[slot].sendReference(requestAddress[request], requestLength[request])) {
            return false;
        }
        int i = slot * depth + (flightHead[slot] + flightCount[slot]) % depth;
        flightDue[i] = due;
        flightSent[i] = now;
        flightRequest[i] = request;
        flightCount[slot]++;
        requestsSent++;
        if (plan.connectionPerRequest()) {
            closeAfter[slot] = true;
        }
        return true;
    }

    /** A request of the mix, by weight, from a xorshift generator (seeded per core, no allocation). */
    private int pick() {
        if (requestAddress.length == 1) {
            return 0;
        }
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int x = (int) Long.remainderUnsigned(random, cumulativeWeight[cumulativeWeight.length - 1]);
        int i = 0;
        while (cumulativeWeight[i] <= x) {
            i++;
        }
        return i;
    }

    private int checkTimeouts(long now) {
        int expired = 0;
        for (int lane = 0; lane < lanes; lane++) {
            int slot = laneSlot[lane];
            if (laneState[lane] == CONNECTING && now - laneSince[lane] > connectTimeoutNanos) {
                expired++;
                connectsTimedOut++;
                streams[slot].abort();
            } else if (laneState[lane] == CLOSING && now - laneSince[lane] > timeoutNanos) {
                expired++;
                streams[slot].abort();  // a server that said it would close, and did not
            } else if (laneState[lane] == OPEN && flightCount[slot] > 0
                    && now - flightSent[slot * depth + flightHead[slot]] > timeoutNanos) {
                expired++;
                failFlights(slot, ErrorKind.TIMEOUT);
                streams[slot].abort();
            }
        }
        return expired;
    }

    /** After the end: lanes with nothing in flight close; the run is finished when all have. */
    private void finishWhenDrained() {
        boolean all = true;
        for (int lane = 0; lane < lanes; lane++) {
            int slot = laneSlot[lane];
            if (laneState[lane] == IDLE) {
                continue;
            }
            all = false;
            if (laneState[lane] == OPEN && flightCount[slot] == 0) {
                laneState[lane] = CLOSING;
                laneSince[lane] = clock.nanos();
                streams[slot].close();
            } else if (laneState[lane] == CONNECTING) {
                // The run is over: a handshake still under way is given up, which is no failure of the target's.
                givingUp = true;
                streams[slot].abort();
                givingUp = false;
            }
        }
        finished = all;
    }

    // ---- TCP events ----

    @Override
    public void onOpen(TcpStream stream) {
        int slot = stream.slot();
        int lane = slotLane[slot];
        laneState[lane] = OPEN;
        connectsOpened++;
        openNow++;
        long now = clock.nanos();
        if (now - endAt >= 0) {
            laneState[lane] = CLOSING;
            stream.close();
            return;
        }
        if (plan.fixedRate()) {
            sendOwed(slot, now);
            noteDue(lane);
        } else {
            stream.cork();
            for (int i = 0; i < depth && !(plan.connectionPerRequest() && i > 0); i++) {
                send(slot, now, now);
            }
            stream.uncork();
        }
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        recorder.addBytesReceived(length);
        int p = 0;
        if (buffered[slot] > 0) {
            // A response head began in an earlier segment: complete it in the buffer.
            int before = buffered[slot];
            int take = Math.min(length, HEAD_BUFFER - before);
            NativeMemory.copy(address, buffer[slot] + before, take);
            buffered[slot] += take;
            int n = parser.parse(buffer[slot], buffered[slot], head);
            if (n == HttpRequestParser.INCOMPLETE) {
                if (take < length) {
                    protocolError(stream);
                }
                return;
            }
            returnBuffer(slot);
            if (n < 0) {
                protocolError(stream);
                return;
            }
            p = n - before;
            if (!startBody(stream)) {
                return;
            }
        }
        while (p < length) {
            switch (phase[slot]) {
                case LENGTH -> {
                    int n = (int) Math.min(remaining[slot], length - p);
                    p += n;
                    remaining[slot] -= n;
                    if (remaining[slot] == 0 && !complete(stream)) {
                        return;
                    }
                }
                case CHUNKED -> {
                    int n = chunked.decode(slot, address + p, length - p);
                    if (n < 0) {
                        protocolError(stream);
                        return;
                    }
                    p += n;
                    if (chunked.done(slot) && !complete(stream)) {
                        return;
                    }
                }
                case UNTIL_CLOSE -> {
                    return;
                }
                default -> {
                    if (flightCount[slot] == 0) {
                        protocolError(stream);  // an answer to nothing asked
                        return;
                    }
                    int n = parser.parse(address + p, length - p, head);
                    if (n == HttpRequestParser.INCOMPLETE) {
                        keep(stream, address + p, length - p);
                        return;
                    }
                    if (n < 0) {
                        protocolError(stream);
                        return;
                    }
                    p += n;
                    if (!startBody(stream)) {
                        return;
                    }
                }
            }
        }
    }

    /** The head of a response was parsed into {@link #head}: how its body is framed. False if the connection ended. */
    private boolean startBody(TcpStream stream) {
        int slot = stream.slot();
        if (head.status() < 200) {
            return true;  // 1xx: interim, the final answer follows
        }
        status[slot] = head.status();
        if (!head.keepAlive()) {
            closeAfter[slot] = true;
        }
        int request = flightRequest[slot * depth + flightHead[slot]];
        switch (head.framing(requestIsHead[request])) {
            case ClientResponseHead.LENGTH -> {
                phase[slot] = LENGTH;
                remaining[slot] = head.contentLength();
                return true;
            }
            case ClientResponseHead.CHUNKED -> {
                phase[slot] = CHUNKED;
                chunked.start(slot);
                return true;
            }
            case ClientResponseHead.UNTIL_CLOSE -> {
                phase[slot] = UNTIL_CLOSE;
                return true;
            }
            default -> {
                return complete(stream);
            }
        }
    }

    /** A whole response arrived; returns false when the connection is being closed. */
    private boolean complete(TcpStream stream) {
        int slot = stream.slot();
        long now = clock.nanos();
        int i = slot * depth + flightHead[slot];
        long due = flightDue[i];
        flightHead[slot] = (flightHead[slot] + 1) % depth;
        flightCount[slot]--;
        phase[slot] = HEAD;
        responsesCompleted++;
        if (due - measureFrom >= 0 && due - endAt < 0) {
            recorder.recordResponse(now, now - due, status[slot]);
            live.record(now - due);
        }
        int lane = slotLane[slot];
        if (closeAfter[slot]) {
            // The server said it closes (or was asked to): let it close first, so TIME-WAIT stays on its side
            // and this table's slots come back as soon as the close completes. Requests pipelined behind the
            // last answer were never taken up (RFC 9112 9.6): not errors of the server; the lane's next
            // connection carries the load on.
            unansweredAtClose += flightCount[slot];
            flightHead[slot] = (flightHead[slot] + flightCount[slot]) % depth;
            flightCount[slot] = 0;
            laneState[lane] = CLOSING;
            laneSince[lane] = now;
            if (stream.peerClosed()) {
                stream.close();
            }
            return false;
        }
        if (now - endAt >= 0) {
            return true;
        }
        if (plan.fixedRate()) {
            sendOwed(slot, now);
            noteDue(lane);
        } else {
            send(slot, now, now);
        }
        return true;
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        // Requests are small and few per connection; the queue never holds them back for long.
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        int slot = stream.slot();
        if (phase[slot] == UNTIL_CLOSE && flightCount[slot] > 0) {
            complete(stream);
        }
        int lane = slotLane[slot];
        if (laneState[lane] == OPEN || laneState[lane] == CLOSING) {
            failFlights(slot, ErrorKind.READ);
            laneState[lane] = CLOSING;
            laneSince[lane] = clock.nanos();
            stream.close();
        }
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        int slot = stream.slot();
        int lane = slotLane[slot];
        if (lane < 0 || laneSlot[lane] != slot) {
            return;
        }
        if (laneState[lane] == CONNECTING && givingUp) {
            connectsAbandoned++;
        } else if (laneState[lane] == CONNECTING) {
            if (reason == CloseReason.REFUSED) {
                connectsRefused++;
            }
            recorder.recordError(ErrorKind.CONNECT);
            connectFailures++;
            laneBackingOff[lane] = true;
            laneSince[lane] = clock.nanos() + CONNECT_RETRY_NANOS;
        } else {
            openNow--;
            failFlights(slot, reason == CloseReason.TIMEOUT ? ErrorKind.TIMEOUT : ErrorKind.READ);
        }
        returnBuffer(slot);
        slotLane[slot] = -1;
        streams[slot] = null;
        laneSlot[lane] = -1;
        laneState[lane] = IDLE;
        idleLanes++;
    }

    private void failFlights(int slot, ErrorKind kind) {
        for (int n = flightCount[slot]; n > 0; n--) {
            long due = flightDue[slot * depth + flightHead[slot]];
            if (due - measureFrom >= 0 && due - endAt < 0) {
                recorder.recordError(kind);
            }
            flightHead[slot] = (flightHead[slot] + 1) % depth;
        }
        flightCount[slot] = 0;
    }

    private void protocolError(TcpStream stream) {
        int slot = stream.slot();
        if (flightCount[slot] > 0) {
            long due = flightDue[slot * depth + flightHead[slot]];
            if (due - measureFrom >= 0 && due - endAt < 0) {
                recorder.recordError(ErrorKind.PARSE);
            }
            flightHead[slot] = (flightHead[slot] + 1) % depth;
            flightCount[slot]--;
        }
        failFlights(slot, ErrorKind.READ);
        stream.abort();
    }

    private void keep(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        if (spareCount == 0 || length > HEAD_BUFFER) {
            protocolError(stream);
            return;
        }
        buffer[slot] = spares[--spareCount];
        NativeMemory.copy(address, buffer[slot], length);
        buffered[slot] = length;
    }

    private void returnBuffer(int slot) {
        if (buffer[slot] != 0) {
            spares[spareCount++] = buffer[slot];
            buffer[slot] = 0;
        }
        buffered[slot] = 0;
    }

    // ---- progress and counters ----

    /** Requests completed so far (read by the progress display; approximate while the run goes on). */
    public long responsesCompleted() {
        return responsesCompleted;
    }

    public long openConnections() {
        return openNow;
    }

    public long connectsOpened() {
        return connectsOpened;
    }

    public long connectsRefused() {
        return connectsRefused;
    }

    public long connectsTimedOut() {
        return connectsTimedOut;
    }

    public long connectFailures() {
        return connectFailures;
    }

    /**
     * The last second's latencies {p50, p99, count} in nanoseconds, or null when not yet published; they are
     * also left for the published gauges (loadgen.last_second.*). Called by one watching thread, once a second.
     */
    public long[] takeLiveLatency() {
        long[] values = live.take(50, 99, 99.9);
        if (values != null) {
            lastSecond.latency(values[0], values[1], values[2]);
            return new long[] {values[0], values[1], values[3]};
        }
        return null;
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("loadgen.connects_started", connectsStarted);
        visitor.counter("loadgen.connects_opened", connectsOpened);
        visitor.counter("loadgen.connects_refused", connectsRefused);
        visitor.counter("loadgen.connects_timed_out", connectsTimedOut);
        visitor.counter("loadgen.connects_abandoned", connectsAbandoned);
        visitor.counter("loadgen.requests_sent", requestsSent);
        visitor.counter("loadgen.responses", responsesCompleted);
        visitor.counter("loadgen.no_source_port", noSourcePort);
        visitor.counter("loadgen.unanswered_at_close", unansweredAtClose);
        lastSecond.forEach(visitor);
    }
}
