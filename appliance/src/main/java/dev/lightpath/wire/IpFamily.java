package dev.lightpath.wire;

/**
 * What differs between IPv4 and IPv6 for the layers above them: the header a segment pays for, the EtherType, the
 * smallest MTU a link may have, and the MSS a TCP peer is assumed to take when its SYN names none. The transport
 * asks its family rather than testing a flag at each of these places.
 */
public enum IpFamily {
    /** RFC 791: a 20-byte header (options aside); RFC 9293 3.7.1: 536 when no MSS option is given. */
    IPV4(Ipv4Packet.MIN_HEADER_LENGTH, EthernetFrame.TYPE_IPV4, 68, 536),
    /**
     * RFC 8200: a 40-byte header and links of at least 1280 bytes, so a peer that names no MSS can take
     * 1280 - 40 - 20 = 1220 (RFC 8200 section 8.3).
     */
    IPV6(Ipv6Packet.HEADER_LENGTH, EthernetFrame.TYPE_IPV6, 1280, 1220);

    /** A TCP header without options. */
    private static final int TCP_HEADER = 20;

    private final int headerLength;
    private final int etherType;
    private final int minimumMtu;
    private final int defaultMss;

    IpFamily(int headerLength, int etherType, int minimumMtu, int defaultMss) {
        this.headerLength = headerLength;
        this.etherType = etherType;
        this.minimumMtu = minimumMtu;
        this.defaultMss = defaultMss;
    }

    /** The fixed IP header: 20 bytes for IPv4 (the appliance sends no options), 40 for IPv6. */
    public int headerLength() {
        return headerLength;
    }

    public int etherType() {
        return etherType;
    }

    public int minimumMtu() {
        return minimumMtu;
    }

    /** The MSS to assume of a peer whose SYN carries no MSS option. */
    public int defaultMss() {
        return defaultMss;
    }

    /** The MSS to announce on a link of {@code mtu} bytes: what is left after this family's header and TCP's (RFC 9293 3.7.1). */
    public int mssFor(int mtu) {
        if (mtu < minimumMtu) {
            throw new IllegalArgumentException("an MTU of " + mtu + " is below " + name() + "'s minimum of " + minimumMtu);
        }
        return mtu - headerLength - TCP_HEADER;
    }
}
