/**
 * One flyweight per protocol header (Ethernet, ARP, IPv4, ICMP, IPv6 and its extension headers, ICMPv6 and
 * Neighbour Discovery, UDP, TCP and its options), read and written in
 * place over native memory, with the Internet checksum and the address types. Parsing and emitting only: no
 * state beyond the wrapped frame, no decision about what a packet means to this host.
 *
 * <h2>How parsers and flyweights report errors</h2>
 * One style, here and in every parser above that reads bytes from the wire (the HTTP request parser, the
 * chunked decoder, the load client's response parser):
 * <ul>
 * <li><b>A result, never an exception.</b> Bytes from a peer that do not parse are an everyday event on the fast
 *     path, not a fault of the program: the method returns, allocates nothing, and the caller drops, counts or
 *     answers. Exceptions are for the program's own mistakes and for configuration text
 *     ({@code Ipv4Address.parse}, {@code MacAddress.parse} throw {@code IllegalArgumentException} naming what is
 *     wrong).</li>
 * <li><b>An {@code int}: zero or more is success, a negative value is a named failure.</b> Success is the length
 *     read where the caller goes on from there ({@link dev.lightpath.wire.TcpHeader#check}: the header's length;
 *     an HTTP head's length), else {@code OK} (0, {@link dev.lightpath.wire.Ipv4Packet#wrap}). Each failure is a
 *     {@code public static final int} below zero declared, and documented, in the class that returns it, and
 *     callers compare with the name, never with the number.</li>
 * <li><b>Incomplete is not an error.</b> Where input may arrive in pieces (an HTTP head across segments) the
 *     parser returns {@code INCOMPLETE}, which is 0, and success is then always positive; so does a scan for
 *     where such input ends ({@code HttpRequestParser.findHeadEnd}).</li>
 * <li><b>A value may say more than which failure it is</b> when that spares the caller a table: the HTTP request
 *     parser's failures are the negated status codes the server answers with
 *     ({@code HttpRequestParser.URI_TOO_LONG} is -414), still declared and used by name.</li>
 * <li><b>Where every number is a result</b> (a date's epoch second, before 1970 too), the failure is the one value
 *     no result reaches, named all the same ({@code HttpDate.INVALID}, {@code Long.MIN_VALUE}).</li>
 * <li><b>One way to fail, a boolean.</b> A flyweight whose only failure is a runt (a header longer than the
 *     bytes given) or a malformed option list returns {@code true} when usable from {@code wrap} or
 *     {@code parse} ({@link dev.lightpath.wire.EthernetFrame}, {@link dev.lightpath.wire.ArpPacket},
 *     {@link dev.lightpath.wire.IcmpPacket}, {@link dev.lightpath.wire.UdpDatagram},
 *     {@link dev.lightpath.wire.TcpOptions}): there is no second reason to name.</li>
 * </ul>
 * Nothing reads outside the length it was given, whatever the header claims; in checked mode every access is
 * bounded by the buffer it belongs to as well.
 *
 * <p>Layer: above {@code dpdk}, beside {@code io}. May import {@code dpdk} only.
 */
package dev.lightpath.wire;
