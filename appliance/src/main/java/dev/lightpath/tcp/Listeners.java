package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.PacketPool;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.IpFamily;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.RST;
import static dev.lightpath.wire.TcpHeader.SYN;

/**
 * The passive side of opening: which ports listen, each listener's backlog of half-open connections on this
 * core, SYNs answered with state or, past the backlog or with the table full, with a SYN cookie
 * ({@link SynCookies}), and the cookie's return. A segment that finds no connection and no listener is reset.
 */
final class Listeners {
    private final TcpStack stack;
    private final TcpConfig config;
    private final PacketPool pool;
    private final Clock clock;
    private final TcpCounters counters;
    private final TcpOptions options;
    private final SynCookies cookies;
    private final int mssLimit;
    private final int mssLimit6;
    private final StreamHandler[] handlers = new StreamHandler[65536];
    /** Per listening port: half-open (SYN-RECEIVED) connections allowed before SYN cookies, and how many there are. */
    private final int[] backlogOf = new int[65536];
    private final int[] halfOpenOf = new int[65536];
    private ConnectionSlots slots;
    private TimeWait timeWait;
    private SegmentArrival arrival;
    private SegmentOutput tx;
    private ConnectionTimers timers;
    private CongestionControl cc;

    Listeners(TcpStack stack) {
        this.stack = stack;
        this.config = stack.config;
        this.pool = stack.pool;
        this.clock = stack.clock;
        this.counters = stack.counters;
        this.options = stack.options;
        this.cookies = new SynCookies(stack.secrets);
        this.mssLimit = stack.mssLimit;
        this.mssLimit6 = stack.mssLimit6;
    }

    void wire(TcpStack stack) {
        this.slots = stack.slots;
        this.timeWait = stack.timeWait;
        this.arrival = stack.arrival;
        this.tx = stack.tx;
        this.timers = stack.timers;
        this.cc = stack.cc;
    }

    /**
     * Accepts connections on {@code port} for every local address. {@code backlog} bounds this listener's
     * half-open connections on this core: beyond it, SYNs are answered with cookies (or dropped without them),
     * so a flood on one port does not push another port's clients onto cookies. {@code backlog <= 0} takes
     * {@link TcpConfig#synBacklog}.
     */
    void listen(int port, StreamHandler handler, int backlog) {
        handlers[port & 0xFFFF] = handler;
        backlogOf[port & 0xFFFF] = backlog > 0 ? backlog : config.synBacklog;
    }

    /** Half-open connections of the listener on {@code port}, for tests and diagnostics. */
    int halfOpen(int port) {
        return halfOpenOf[port & 0xFFFF];
    }

    void unlisten(int port) {
        handlers[port & 0xFFFF] = null;
    }

    /** Stops accepting on every port: new SYNs are answered with RST, as to a closed port. */
    void unlistenAll() {
        java.util.Arrays.fill(handlers, null);
    }

    /**
     * A segment for no connection: a SYN to a listener opens one (or is answered by a cookie), the ACK of a
     * cookie handshake opens one ESTABLISHED, anything else is reset (RFC 9293 3.10.7.1-2). Returns true when
     * the mbuf is kept (out-of-order data on a connection just opened); otherwise the caller frees it.
     */
    boolean listenOrReset(long mbuf, long a, int length, int headerLength, int flags, int hash,
                          SegmentAddresses at, int remotePort, int localPort) {
        StreamHandler listener = handlers[localPort];
        if (listener != null && config.synCookies && (flags & (SYN | ACK | RST)) == ACK) {
            Connection c = acceptCookie(a, hash, at, remotePort, localPort, listener);
            if (c != null) {
                return c.state != CLOSED && arrival.segmentArrives(c, mbuf, a, length, headerLength, flags);
            }
        }
        if (listener == null || (flags & (SYN | ACK | RST)) != SYN) {
            if (listener != null && (flags & RST) == 0 && (flags & ACK) != 0) {
                // An ACK to a listener for a connection we do not know (RFC 9293 3.10.7.2).
                tx.resetFor(a, length - headerLength, flags, at);
            } else if (listener == null && (flags & RST) == 0) {
                tx.resetFor(a, length - headerLength, flags, at);
            }
            return false;
        }
        if (slots.sourceAtLimit(at.sourceKey())) {
            // Before cookies: a source at its limit gets no state and no cookie, a reset says so at once.
            counters.perSourceRefused++;
            tx.resetFor(a, length - headerLength, flags, at);
            return false;
        }
        if (halfOpenOf[localPort] >= backlogOf[localPort] || !slots.anyFree() && timeWait.count() == 0) {
            if (config.synCookies) {
                sendCookie(a, at, remotePort, localPort);
            } else {
                counters.tableFull++;
            }
            return false;
        }
        Connection c = allocate(hash, at, remotePort, localPort, listener);
        if (c == null) {
            counters.tableFull++;
            return false;
        }
        c.passive = true;
        slots.countSource(c);
        c.irs = TcpHeader.sequence(a);
        c.rcvNxt = c.irs + 1;
        arrival.applySynOptions(c);
        c.sndWnd = TcpHeader.window(a);
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = c.irs;
        c.iss = stack.initialSequence(c);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        c.sndWl2 = c.iss;
        slots.setState(c, SYN_RECEIVED);
        halfOpenOf[localPort]++;
        counters.openedPassive++;
        tx.sendSyn(c, true);
        timers.armRto(c);
        return false;
    }

    /** A passive connection leaves SYN-RECEIVED (established, or released): its listener's backlog has room again. */
    void handshakeDone(Connection c) {
        if (c.state == SYN_RECEIVED && c.passive) {
            halfOpenOf[c.localPort]--;
        }
    }

    boolean isListening(int port) {
        return handlers[port & 0xFFFF] != null;
    }

    /**
     * A stateless SYN-ACK whose ISN is the cookie ({@link SynCookies}). Window scale, SACK and timestamps are not
     * offered (there is no room to remember them), as in the classic scheme without timestamps.
     */
    private void sendCookie(long a, SegmentAddresses at, int remotePort, int localPort) {
        int peerIsn = TcpHeader.sequence(a);
        int peerMss = options.mss > 0 ? options.mss : at.ipv6 ? IpFamily.IPV6.defaultMss() : TcpOptions.DEFAULT_MSS;
        int limit = at.ipv6 ? mssLimit6 : mssLimit;
        int cookie = cookies.encode(addresses(at), remotePort, localPort, peerIsn, Math.min(peerMss, limit),
            clock.nanos());
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long o = Mbuf.data(m);
        int n = TcpOptions.writeMss(o + TcpHeader.MIN_LENGTH, limit);
        TcpHeader.write(o, localPort, remotePort, cookie, peerIsn + 1, TcpHeader.MIN_LENGTH + n, SYN | ACK,
            Math.min(0xFFFF, config.receiveWindow));
        Mbuf.length(m, TcpHeader.MIN_LENGTH + n);
        counters.synCookiesSent++;
        tx.sendTo(m, at);
    }

    /** Both addresses of the segment as one word under the stack's key, in their family. */
    private long addresses(SegmentAddresses at) {
        return at.ipv6
            ? stack.secrets.addresses6(at.destinationHigh, at.destinationLow, at.sourceHigh, at.sourceLow)
            : TcpSecrets.addresses(at.destination, at.source);
    }

    /** A connection for the segment's tuple, in its family. */
    private Connection allocate(int hash, SegmentAddresses at, int remotePort, int localPort, StreamHandler listener) {
        return at.ipv6
            ? slots.allocate6(hash, at.sourceHigh, at.sourceLow, remotePort, at.destinationHigh, at.destinationLow,
                localPort, listener)
            : slots.allocate(hash, at.source, remotePort, at.destination, localPort, listener);
    }

    /**
     * The third packet of a cookie handshake: validates it and, if good, creates the connection ESTABLISHED and
     * returns it (the application told already; it may have closed it); null when the cookie does not verify.
     */
    private Connection acceptCookie(long a, int hash, SegmentAddresses at, int remotePort, int localPort,
                            StreamHandler listener) {
        int cookie = TcpHeader.acknowledgment(a) - 1;
        int peerIsn = TcpHeader.sequence(a) - 1;
        int cookieMss = cookies.validate(cookie, addresses(at), remotePort, localPort, peerIsn, clock.nanos());
        if (cookieMss < 0) {
            counters.synCookiesFailed++;
            return null;
        }
        if (slots.sourceAtLimit(at.sourceKey())) {
            counters.perSourceRefused++;
            return null;
        }
        Connection c = allocate(hash, at, remotePort, localPort, listener);
        if (c == null) {
            counters.synCookiesFailed++;
            return null;
        }
        counters.synCookiesValidated++;
        counters.openedPassive++;
        c.passive = true;
        slots.countSource(c);
        c.iss = cookie;
        c.irs = peerIsn;
        c.rcvNxt = peerIsn + 1;
        c.sndUna = cookie + 1;
        c.sndNxt = cookie + 1;
        c.sndMax = cookie + 1;
        c.sndMss = Math.min(cookieMss, at.ipv6 ? mssLimit6 : mssLimit);
        c.sndShift = 0;
        c.rcvShift = 0;
        cc.onOpen(c);
        c.sndWnd = TcpHeader.window(a);
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = peerIsn + 1;
        c.sndWl2 = cookie + 1;
        slots.setState(c, ESTABLISHED);
        listener.onOpen(c);
        return c;
    }
}
