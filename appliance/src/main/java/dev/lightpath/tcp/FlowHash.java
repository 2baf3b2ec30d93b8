package dev.lightpath.tcp;

/**
 * The software flow hash of a 4-tuple, per family: where {@link ConnectionIndex} puts a flow when the port gives
 * no symmetric RSS hash. A multiply-xorshift mix with a good spread; not keyed, since the index bounds its probes
 * and compares the whole tuple, so a crafted collision costs a probe, not a wrong match.
 */
public final class FlowHash {
    private FlowHash() {
    }

    /** An IPv4 flow's hash. */
    public static int ipv4(int remoteAddress, int remotePort, int localAddress, int localPort) {
        return spread(((long) remoteAddress << 32) ^ ((long) remotePort << 16) ^ localPort
                ^ ((long) localAddress * 0x9E3779B97F4A7C15L));
    }

    /**
     * An IPv6 flow's hash. Of the local address only its last 64 bits are mixed in: the addresses of one host
     * differ there, if at all.
     */
    public static int ipv6(long remoteHigh, long remoteLow, int remotePort, long localLow, int localPort) {
        return spread(remoteHigh * 0x9E3779B97F4A7C15L ^ remoteLow ^ localLow * 0xD6E8FEB86659FD93L
                ^ ((long) (remotePort & 0xFFFF) << 16 | localPort & 0xFFFF));
    }

    /** MurmurHash3's 64-bit finalizer, folded to 32 bits: every input bit moves about half the output's. */
    private static int spread(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) x;
    }
}
