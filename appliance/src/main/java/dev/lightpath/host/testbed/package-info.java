/**
 * The test bed: the host networks that end-to-end tests, {@code appliance demo} and the benchmark suite build
 * and remove, in one place ({@code TestBed}): namespaces ({@code Namespace}), veth pairs with their queues, MTU,
 * interface indexes and offloads ({@code Veth}), bridges, addresses, routes, a router namespace that drops at
 * random with iptables, and the kernel programs playing the peers ({@code KernelPeer}: nginx with its
 * {@code NginxConfig}, curl, wrk, any other). Every change is a command line run through a {@code Shell} ({@code ProcessShell} on the host), bounded
 * in time, so tests check the lines without root. Names carry the owner's pid; {@code Leftovers} removes those of
 * processes that have ended.
 *
 * <p>{@code RoutedPair} is the network of {@code benchmarks/loss/run}: a server's and a client's namespace joined
 * through a router that drops at random, with nginx on the server's end; the script, in bash, has it built, changed
 * and removed through {@code appliance testbed}. {@code benchmarks/soak/run} and {@code benchmarks/million/run}
 * need no namespace (a memif between two processes).
 *
 * <p>Layer: beside {@code time}, {@code metrics} and {@code host}. Imports nothing of the project: it knows
 * namespaces and programs, not what runs over them.
 */
package dev.lightpath.host.testbed;
