package dev.lightpath.tcp;

/**
 * SYN cookies: the SYN-ACK's ISN carries the handshake's state, so a listener whose backlog is full keeps no
 * state for a SYN. Layout of the 32 bits: 5 bits of a coarse clock, 3 bits of MSS index, 24 bits of MAC over
 * all of it plus the 4-tuple and the peer's ISN ({@link TcpSecrets#cookieMac}). Nothing in a returning cookie
 * is used before its MAC verifies, and the MSS it names is still clamped by the caller to what this stack sends.
 */
final class SynCookies {
    /** The MSS values a cookie can name: the common ones, rounded down so that a peer gets at most what it asked. */
    static final int[] MSS = {536, 1200, 1360, 1440, 1460, 4312, 8960, 9000};
    /** The cookie clock ticks every 2^36 ns (about 69 s); a cookie is valid for the current and previous tick. */
    private static final int TICK_SHIFT = 36;
    private static final int MAC_MASK = 0xFFFFFF;

    private final TcpSecrets secrets;

    SynCookies(TcpSecrets secrets) {
        this.secrets = secrets;
    }

    /** The cookie for a SYN: the largest table MSS not above {@code mss}. */
    /** @param addresses both addresses in one word ({@link TcpSecrets#addresses}, {@link TcpSecrets#addresses6}) */
    int encode(long addresses, int remotePort, int localPort, int peerIsn, int mss, long nowNanos) {
        int index = 0;
        for (int i = MSS.length - 1; i >= 0; i--) {
            if (MSS[i] <= mss) {
                index = i;
                break;
            }
        }
        int time = tick(nowNanos);
        int mac = secrets.cookieMac(addresses, remotePort, localPort, peerIsn, time, index);
        return time << 27 | index << 24 | mac & MAC_MASK;
    }

    /** The MSS a returning cookie names, or -1 when it is stale or its MAC does not verify. */
    int validate(int cookie, long addresses, int remotePort, int localPort, int peerIsn, long nowNanos) {
        int time = cookie >>> 27;
        int index = (cookie >>> 24) & 7;
        if (((tick(nowNanos) - time) & 0x1F) > 1) {
            return -1;
        }
        int mac = secrets.cookieMac(addresses, remotePort, localPort, peerIsn, time, index);
        return (cookie & MAC_MASK) == (mac & MAC_MASK) ? MSS[index] : -1;
    }

    private static int tick(long nowNanos) {
        return (int) (nowNanos >>> TICK_SHIFT) & 0x1F;
    }
}
