/**
 * The load generator: the HTTP client each worker core runs over its own TCP connections
 * ({@link dev.lightpath.loadgen.LoadClient}), with the client side of HTTP/1.1 (the response head it reads,
 * {@link dev.lightpath.loadgen.ClientResponseParser} into {@link dev.lightpath.loadgen.ClientResponseHead}), and its
 * results: what each core records while a load test runs, and what is made of it afterwards. Over https:// the
 * client's TLS ({@link dev.lightpath.loadgen.ClientTls}) is the {@code tls} package's layer in its client role.
 *
 * <p>How the traffic engine uses it:
 * <ol>
 * <li>Before the workers start, take one start time and give every core its own
 *     {@link dev.lightpath.loadgen.LatencyRecorder} with that start and the planned duration.</li>
 * <li>On the core's fast path: {@code recordResponse(now, latency, status)} for each complete response,
 *     {@code recordError(kind)} for each request that got none, {@code addBytesReceived(n)} as bytes arrive.
 *     Nothing there allocates, locks or synchronises.</li>
 * <li>After the workers are stopped and joined (the join is what makes their plain writes visible), merge the
 *     recorders with {@link dev.lightpath.loadgen.LoadResult#merge} and the {@link dev.lightpath.loadgen.LoadSpec}
 *     that was asked for.</li>
 * <li>Print {@link dev.lightpath.loadgen.ResultSummary}, write {@link dev.lightpath.loadgen.ResultFiles} (summary,
 *     JSON, {@code .hgrm}), or hand the result to {@code dev.lightpath.report.ReportWriter}.</li>
 * </ol>
 *
 * <p>Layer: above {@code engine}, whose per-core application interface and flow hash the client uses. May import
 * {@code engine}, {@code tls}, {@code http} (the chunked decoder and the scanning helpers both sides share) and everything
 * below them; never {@code report} or {@code control}, which read its results.
 */
package dev.lightpath.loadgen;
