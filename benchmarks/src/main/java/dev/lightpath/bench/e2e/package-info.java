/**
 * The end-to-end suite: servers compared, not set-ups. {@code benchmarks/e2e/run} only finds a JDK, builds and
 * starts {@link dev.lightpath.bench.e2e.Suite}; everything else is here, as data and small steps:
 * <ul>
 *   <li>what is compared: the servers ({@code Server}), the clients every server meets ({@code Client}), the
 *       workloads ({@code Workload}), the lanes a server is met in (IPv4, IPv6, TLS: {@code Lane}) and which of
 *       them a run makes ({@code SuiteScope}), and per profile the repetitions, lengths and the offered rates of
 *       the latency sweep ({@code Profile});</li>
 *   <li>where: one veth pair between a client and a server namespace ({@code SuiteLink}, built on
 *       {@code dev.lightpath.host.testbed}), the same cores for every system ({@code Bench});</li>
 *   <li>how a server starts and is known to serve ({@code ServerProcesses}), how a client repetition runs and
 *       its cores are read from /proc/stat, or from a Lightpath process's own busy counter
 *       ({@code ClientRuns}, {@code CoreTimes}, {@code EngineBusy}), how a sweep finds a
 *       server's knee ({@code RateSweep}), and the processes started ({@code Launched}, {@code Programs});</li>
 *   <li>what is written down: a manifest line per fact as runs end ({@code SuiteManifest}), the report's notes
 *       ({@code SuiteNotes}), the clients' outputs read back ({@code HarnessOutput}, {@code WrkOutput}), the goals
 *       of the IPv6 and TLS lanes ({@code LaneGoals}), and the report written from them ({@code SuiteReport}) by
 *       {@code dev.lightpath.report}.</li>
 * </ul>
 * {@code NettyHelloServer} is the Netty peer. This package may use {@code dev.lightpath.report} and
 * {@code dev.lightpath.loadgen}'s result types, makes the TLS lane's certificate with
 * {@code dev.lightpath.tls.SelfSignedCertificate}, reads a Lightpath process's counters file through
 * {@code dev.lightpath.metrics}, and builds its network with {@code dev.lightpath.host.testbed}; it starts the
 * Lightpath program as a separate process and calls nothing of its engine.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import).
 */
package dev.lightpath.bench.e2e;
