/**
 * Benchmark reports: a {@link dev.lightpath.report.Report} (machine, peers, runs of systems under workloads with
 * their repetitions, a baseline system) written by {@link dev.lightpath.report.ReportWriter} as Markdown and as
 * one self-contained HTML page with SVG charts drawn here, without a chart library: throughput bars
 * ({@code ThroughputBarChart}), latency percentile curves on HdrHistogram's log axis
 * ({@code LatencyPercentileChart}) and throughput over time ({@code ThroughputTimelineChart}), over a shared frame
 * ({@code SvgChart}) and scales.
 *
 * <p>Figures: requests/s is the median over repetitions with min–max as its spread; the tables' latency
 * percentiles are medians over repetitions; ratios compare each system with the baseline under the same workload.
 *
 * <p>Layer: above {@code loadgen}, whose results it reads. May import {@code loadgen} and what lies below it.
 */
package dev.lightpath.report;
