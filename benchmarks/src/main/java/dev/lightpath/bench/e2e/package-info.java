/**
 * What the end-to-end suite (benchmarks/e2e/run) needs in Java: the Netty peer it measures against, the parsing
 * of wrk's and the harness's output, and the suite's manifest and report.
 *
 * <p>Layer: the top, with the other benchmark packages (which it does not import). May import any package of the
 * appliance and bindings.
 */
package dev.lightpath.bench.e2e;
