package dev.lightpath.bench.tls;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;

/**
 * The same operations as {@link TlsHandshakeBenchmark} and {@link TlsRecordBenchmark}, timed by the thread's CPU
 * clock instead of the wall clock: on a machine shared with other work, a benchmark's wall-clock rate is mostly
 * its share of the CPU, while the CPU time an operation takes is nearly independent of it (cache and memory
 * bandwidth shared with the neighbours aside). Each operation is warmed up for {@code warmupSeconds} of CPU time,
 * then measured over {@code measureSeconds}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar --enable-native-access=ALL-UNNAMED dev.lightpath.bench.tls.TlsCpuTime 20 5</pre>
 */
public final class TlsCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TlsCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        double measure = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        TlsHandshakeBenchmark handshakes = new TlsHandshakeBenchmark();
        handshakes.setUp();
        report("handshake", "OpenSSL", time(handshakes::openssl, warmup, measure));
        report("handshake", "JDK", time(handshakes::jdk, warmup, measure));
        handshakes.tearDown();
        for (int size : new int[] {1024, 16384}) {
            TlsRecordBenchmark records = new TlsRecordBenchmark();
            records.size = size;
            records.setUp();
            report(size + " B record", "OpenSSL", time(records::openssl, warmup, measure));
            report(size + " B record", "JDK", time(records::jdk, warmup, measure));
            records.tearDown();
        }
    }

    /** Nanoseconds of this thread's CPU time per call, after a warm-up. */
    static double time(Callable<?> operation, double warmupSeconds, double measureSeconds) throws Exception {
        run(operation, (long) (warmupSeconds * 1e9));
        long[] spent = run(operation, (long) (measureSeconds * 1e9));
        return (double) spent[0] / spent[1];
    }

    private static long[] run(Callable<?> operation, long cpuNanos) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        long spent;
        do {
            for (int i = 0; i < 16; i++) {
                operation.call();
            }
            calls += 16;
            spent = THREADS.getCurrentThreadCpuTime() - start;
        } while (spent < cpuNanos);
        return new long[] {spent, calls};
    }

    private static void report(String what, String library, double nanos) {
        System.out.printf("%-16s %-8s %12.0f ns CPU per operation  (%,.0f per CPU-second)%n",
                what, library, nanos, 1e9 / nanos);
    }
}
