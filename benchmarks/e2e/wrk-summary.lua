-- wrk's own figures after a run, one "lightpath-wrk" line each, for dev.lightpath.bench.e2e.WrkOutput:
-- the run's length, requests, bytes and errors, and the latency distribution at enough percentiles
-- (every percent, then finer towards the tail) to rebuild it as a histogram. Latencies are in microseconds.
local percentiles = {}
for p = 1, 99 do percentiles[#percentiles + 1] = p end
for i = 1, 9 do percentiles[#percentiles + 1] = 99 + i / 10 end
for i = 1, 9 do percentiles[#percentiles + 1] = 99.9 + i / 100 end
percentiles[#percentiles + 1] = 99.999

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("lightpath-wrk duration_us %d\n", summary.duration))
  io.write(string.format("lightpath-wrk requests %d\n", summary.requests))
  io.write(string.format("lightpath-wrk bytes %d\n", summary.bytes))
  io.write(string.format("lightpath-wrk errors connect %d read %d write %d status %d timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("lightpath-wrk latency_us min %d max %d\n", latency.min, latency.max))
  for _, p in ipairs(percentiles) do
    io.write(string.format("lightpath-wrk percentile %.3f %d\n", p, latency:percentile(p)))
  end
end
