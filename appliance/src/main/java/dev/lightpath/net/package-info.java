/**
 * One core's link and network layers: {@link dev.lightpath.net.NetStack} takes frames through Ethernet, ARP,
 * IPv4 and ICMP and hands transport packets to the {@link dev.lightpath.net.Ipv4Handler} registered for their
 * protocol; {@link dev.lightpath.net.Ipv4Output} sends theirs; the ARP cache, the interface's own addresses, and
 * SipHash, the keyed function the transports build their secrets on. IPv6 (the {@code Ipv6Layer}: Neighbour
 * Discovery with its neighbour cache, duplicate address detection, ICMPv6) sits beside IPv4 behind the same
 * EtherType dispatch.
 *
 * <p>Layer: above {@code wire} and {@code io}. May import {@code wire}, {@code io}, {@code metrics}, {@code time}
 * and {@code dpdk}.
 */
package dev.lightpath.net;
