package dev.lightpath.loadgen;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;
import dev.lightpath.tls.TlsClientSettings;

import java.util.List;

/**
 * One core's share of a load test: HTTP/1.1 over its own TCP connections ("lanes") to one target or several,
 * each opened from a source address and port whose flow hash brings the answers back to this core. As fast as possible, a lane keeps {@code pipeline}
 * requests in flight; at a fixed rate, each lane sends on its own schedule and a request's latency runs from
 * when it was due, not when it left, so a stalled server is charged for every request it held back (the
 * coordinated-omission correction of wrk2). Responses are parsed in place; latencies go to this core's
 * {@link LatencyRecorder}. Nothing is allocated per request or connection.
 *
 * <p>Over {@code https://} a client TLS layer ({@link ClientTls}) sits between TCP and this client: a connection opens, for
 * this client, when its TLS handshake completes, and one whose handshake fails is counted by why
 * ({@link ErrorKind#TLS_VERIFY}, {@link ErrorKind#TLS}).
 */
public final class LoadClient implements StreamHandler, CoreApplication {
    private static final long CHECK_NANOS = 10_000_000L;
    private static final long CONNECT_RETRY_NANOS = 100_000_000L;

    private final LoadPlan plan;
    private final Clock clock;

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
    private final LaneOpener opener;
    private final LaneSweep sweep;

    private final RequestMix mix;
    private final Lanes lanes;
    private final Flights flights;
    private final ResponseReader reader;
    private final ClientResults results = new ClientResults();
    /** The TLS between TCP and this client, or null for plain HTTP. */
    private final ClientTls tls;
    private final TcpStream[] streams;
    private final int[] slotLane;
    /** The connection is to end after its last answer (the server said so, or one request per connection). */
    private final boolean[] closeAfter;

    private final SendQueue sendQueue;
    private long nextCheck;
    private long nextRotate;
    private volatile boolean finished;

    /** A client of the plan's one target from one address. Nothing is sent before {@link #start}. */
    public LoadClient(LoadPlan plan, int worker, int workers, TcpStack tcp, int localAddress, Clock clock, long seed) {
        this(plan, List.of(LoadTarget.of(plan)), AddressPool.of(localAddress), worker, workers, tcp, clock, seed);
    }

    /**
     * A client of several targets (connections dealt out by their weights) from the addresses of
     * {@code sources}. Nothing is sent before {@link #start}.
     */
    public LoadClient(LoadPlan plan, List<LoadTarget> targets, AddressPool sources, int worker, int workers,
                      TcpStack tcp, Clock clock, long seed) {
        this(plan, targets, sources, worker, workers, RedirectionTable.software(workers), tcp, clock, seed, null);
    }

    /**
     * As above, with the port's hash-to-worker table (a source pair is this worker's when the replies it brings
     * hash to it, so they arrive on the core that opened the connection), over TLS made from {@code tls} (its own
     * context and sessions on this core), or plain HTTP when it is null.
     */
    public LoadClient(LoadPlan plan, List<LoadTarget> targets, AddressPool sources, int worker, int workers,
                      RedirectionTable table, TcpStack tcp, Clock clock, long seed, TlsClientSettings tls) {
        this(plan, targets, sources, Ipv6AddressPool.NONE, worker, workers, table, tcp, clock, seed, tls);
    }

    /**
     * As above, with an IPv6 client pool for the IPv6 targets ({@link Ipv6AddressPool#NONE}: the interface's IPv6
     * address), which the network layer must hold ({@code NetStack.holdAlso6}).
     */
    public LoadClient(LoadPlan plan, List<LoadTarget> targets, AddressPool sources, Ipv6AddressPool sources6,
                      int worker, int workers, RedirectionTable table, TcpStack tcp, Clock clock, long seed,
                      TlsClientSettings tls) {
        this.plan = plan;
        this.clock = clock;
        this.mix = new RequestMix(plan.requests(), targets, plan.connectionPerRequest(), seed);

        int laneCount = plan.connectionsOf(worker, workers);
        lanes = new Lanes(laneCount, LoadTarget.ofLanes(targets, plan.connections(), worker, workers),
                plan.connectTimeout().toNanos(), plan.timeout().toNanos());
        sendQueue = new SendQueue(lanes, plan.fixedRate() ? laneCount : 0, new SendQueue.Sender() {
            @Override
            public int sendOwed(int lane, long now) {
                return LoadClient.this.sendOwed(lanes.slot[lane], now);
            }

            @Override
            public boolean maySend(int lane) {
                int slot = lanes.slot[lane];
                return !flights.full(slot) && !(plan.connectionPerRequest() && closeAfter[slot]);
            }
        });
        schedule = new SendSchedule(plan, lanes.count, worker, workers);
        arrivals = new ConnectArrivals(plan.connectRate(), lanes.count, worker, workers);
        int capacity = tcp.config().tableCapacity;
        this.tls = tls == null ? null : new ClientTls(tls, this, capacity, lanes.count);
        opener = new LaneOpener(plan, targets, tcp, new SourcePairs(sources, sources6, worker, workers, table), lanes,
                arrivals, this.tls == null ? this : this.tls.handler(), this::opened);

        flights = new Flights(capacity, plan.pipeline());
        streams = new TcpStream[capacity];
        slotLane = new int[capacity];
        closeAfter = new boolean[capacity];
        sweep = new LaneSweep(plan, lanes, flights, streams, results, clock, endsPerCheck(plan, workers));
        reader = new ResponseReader(capacity, Math.min(lanes.count, 256), flights, mix, new ResponseReader.Events() {
            @Override
            public void serverCloses(int slot) {
                closeAfter[slot] = true;
            }

            @Override
            public boolean complete(TcpStream stream, int status) {
                return responseComplete(stream, status);
            }

            @Override
            public void malformed(TcpStream stream) {
                protocolError(stream);
            }
        });
    }

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
        results.begin(new LatencyRecorder(measureFrom, plan.duration(), keepIntervals,
                plan.profile() == null ? null : ProfilePhases.starts(plan.profile(), plan.duration())),
                measureFrom, endAt);
        arrivals.start(at);
        lanes.firstDue(plan, schedule, arrivals, at, measureFrom);
        opener.start();
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
        if (results.recorder() == null) {
            long at = scheduledStart;
            long from = at + plan.warmup().toNanos();
            results.begin(new LatencyRecorder(from, plan.duration()), from, from + plan.duration().toNanos());
        }
        return results.recorder();
    }

    /**
     * Each second's latencies while the run goes, for the interval log's writer; null before the worker has begun
     * or without {@link #keepIntervals}. Never creates anything, unlike {@link #recorder()}.
     */
    public LatencyIntervals intervals() {
        LatencyRecorder current = results.recorder();
        return current == null ? null : current.intervals();
    }

    /**
     * How many lanes this core closes at most per timeout check once the run is over: its share of the connect
     * rate over one check, so that connections opened at a rate close at it too; all at once without a rate.
     */
    static int endsPerCheck(LoadPlan plan, int workers) {
        if (plan.connectRate() <= 0) {
            return Integer.MAX_VALUE;
        }
        double perCheck = plan.connectRate() / workers * CHECK_NANOS / 1e9;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perCheck)));
    }

    /** Frees the native copies of the requests and the head buffers: once the worker has stopped polling. */
    public void close() {
        mix.close();
        reader.close();
        if (tls != null) {
            tls.close();
        }
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
            results.endsAt(stop);
        }
        int work = 0;
        boolean sending = now - endAt < 0;
        if (lanes.idle() > 0 && sending) {
            work += opener.openDue(now, results);
        }
        if (plan.fixedRate() && sending) {
            work += sendQueue.sendDue(now, endAt);
        }
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_NANOS;
            work += sweep.checkTimeouts(now);
            if (!sending) {
                finished = sweep.finishWhenDrained();
            }
        }
        results.tick(now);
        if (now - nextRotate >= 0) {
            nextRotate = now + 1_000_000_000L;
            results.closeSecond();
        }
        return work;
    }

    /** A connection for {@code lane} has begun in the TCP table: its slot starts afresh. */
    private void opened(int lane, TcpStream stream, long now) {
        int slot = stream.slot();
        streams[slot] = stream;
        slotLane[slot] = lane;
        flights.reset(slot);
        reader.reset(slot);
        closeAfter[slot] = false;
        if (tls != null) {
            tls.opening(slot, lane, lanes.target[lane]);
        }
    }

    private int sendOwed(int slot, long now) {
        int lane = slotLane[slot];
        int sent = 0;
        TcpStream stream = streams[slot];
        stream.cork();
        while (lanes.next[lane] - now <= 0 && lanes.next[lane] - endAt < 0 && !flights.full(slot)
                && !(plan.connectionPerRequest() && closeAfter[slot])) {
            if (!send(slot, lanes.next[lane], now)) {
                break;
            }
            lanes.next[lane] = schedule.next(lane, lanes.next[lane]);
            sent++;
        }
        stream.uncork();
        return sent;
    }

    private boolean send(int slot, long due, long now) {
        int request = mix.pick();
        int target = lanes.target[slotLane[slot]];
        if (!streams[slot].sendReference(mix.address(target, request), mix.length(target, request))) {
            return false;
        }
        if (flights.count(slot) == 0) {
            lanes.awaiting(slotLane[slot], now);
        }
        flights.add(slot, due, now, request);
        results.requestsSent++;
        if (plan.connectionPerRequest()) {
            closeAfter[slot] = true;
        }
        return true;
    }

    // ---- TCP events ----

    @Override
    public void onOpen(TcpStream stream) {
        int slot = stream.slot();
        streams[slot] = stream; // over TLS, the plaintext stream that now stands for the connection
        int lane = slotLane[slot];
        lanes.state[lane] = Lanes.OPEN;
        results.connectsOpened++;
        results.openNow++;
        long now = clock.nanos();
        if (now - endAt >= 0) {
            lanes.closing(lane, now);
            stream.close();
            return;
        }
        if (plan.fixedRate()) {
            sendOwed(slot, now);
            sendQueue.queueNext(lane, now, endAt);
        } else {
            stream.cork();
            for (int i = 0; i < flights.depth() && !(plan.connectionPerRequest() && i > 0); i++) {
                send(slot, now, now);
            }
            stream.uncork();
        }
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        results.recorder().addBytesReceived(length);
        reader.read(stream, address, length);
    }

    /** A whole response arrived; returns false when the connection is being closed. */
    private boolean responseComplete(TcpStream stream, int status) {
        int slot = stream.slot();
        long now = clock.nanos();
        long due = flights.oldestDue(slot);
        flights.removeOldest(slot);
        results.response(due, now, status);
        int lane = slotLane[slot];
        if (closeAfter[slot]) {
            // The server said it closes (or was asked to): let it close first, so TIME-WAIT stays on its side
            // and this table's slots come back as soon as the close completes. Requests pipelined behind the
            // last answer were never taken up (RFC 9112 9.6): not errors of the server; the lane's next
            // connection carries the load on.
            results.unansweredAtClose += flights.clear(slot);
            lanes.closing(lane, now);
            if (stream.peerClosed()) {
                stream.close();
            }
            return false;
        }
        if (now - endAt >= 0) {
            if (flights.count(slot) > 0) {
                return true;
            }
            lanes.closing(lane, now); // drained after the end: the lanes are not walked again to find it
            stream.close();
            return false;
        }
        if (plan.fixedRate()) {
            sendOwed(slot, now);
            sendQueue.queueNext(lane, now, endAt);
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
        if (reader.untilClose(slot) && flights.count(slot) > 0) {
            reader.finish(stream);
        }
        int lane = slotLane[slot];
        if (lanes.state[lane] == Lanes.OPEN || lanes.state[lane] == Lanes.CLOSING) {
            results.failFlights(flights, slot, ErrorKind.READ);
            lanes.closing(lane, clock.nanos());
            stream.close();
        }
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        int slot = stream.slot();
        int lane = slotLane[slot];
        if (lane < 0 || lanes.slot[lane] != slot) {
            return;
        }
        if (lanes.state[lane] == Lanes.CONNECTING && sweep.givingUp()) {
            results.connectsAbandoned++;
        } else if (lanes.state[lane] == Lanes.CONNECTING) {
            results.connectFailed(reason == CloseReason.REFUSED, tls == null ? null : tls.failure(slot));
            lanes.backOff(lane, clock.nanos() + CONNECT_RETRY_NANOS);
        } else {
            results.openNow--;
            ErrorKind kind = tls == null ? null : tls.failure(slot);
            results.failFlights(flights, slot,
                    kind != null ? kind : reason == CloseReason.TIMEOUT ? ErrorKind.TIMEOUT : ErrorKind.READ);
        }
        reader.release(slot);
        slotLane[slot] = -1;
        streams[slot] = null;
        lanes.released(lane);
        opener.idle(lane, clock.nanos());
    }

    private void protocolError(TcpStream stream) {
        int slot = stream.slot();
        if (flights.count(slot) > 0) {
            results.failed(flights.oldestDue(slot), ErrorKind.PARSE);
            flights.removeOldest(slot);
        }
        results.failFlights(flights, slot, ErrorKind.READ);
        stream.abort();
    }

    // ---- progress and counters ----

    /** Requests completed so far (read by the progress display; approximate while the run goes on). */
    public long responsesCompleted() {
        return results.responsesCompleted;
    }

    public long openConnections() {
        return results.openNow;
    }

    public long connectsOpened() {
        return results.connectsOpened;
    }

    public long connectsRefused() {
        return results.connectsRefused;
    }

    public long connectsTimedOut() {
        return results.connectsTimedOut;
    }

    public long connectFailures() {
        return results.connectFailures;
    }

    /** This core's TLS, or null for plain HTTP. */
    public ClientTls tls() {
        return tls;
    }

    /**
     * The last second's latencies {p50, p99, count} in nanoseconds, or null when not yet published; they are
     * also left for the published gauges (loadgen.last_second.*). Called by one watching thread, once a second.
     */
    public long[] takeLiveLatency() {
        return results.takeLiveLatency();
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        results.forEach(visitor);
        if (tls != null) {
            tls.forEach(visitor);
        }
    }
}
