/**
 * One flyweight per protocol header (Ethernet, ARP, IPv4, ICMP, UDP, TCP and its options), read and written in
 * place over native memory, with the Internet checksum and the address types. Parsing and emitting only: no
 * state beyond the wrapped frame, no decision about what a packet means to this host.
 *
 * <p>Layer: above {@code dpdk}, beside {@code io}. May import {@code dpdk} only.
 */
package dev.lightpath.wire;
