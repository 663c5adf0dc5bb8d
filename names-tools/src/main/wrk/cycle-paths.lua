-- wrk script used by scripts/bench.sh for every read benchmark, so each run pays the same load-generator
-- cost: one pre-built GET per request, cycling through a list of paths.
--   BENCH_IDS_FILE  one nconst per line -> GET /names/<nconst>, in order, wrapping around
--   BENCH_PATH      otherwise one fixed path (e.g. /ping)
-- done() prints one parseable line (latencies in ms); wrk's own --latency table is printed as well.

local thread_count = 0

function setup(thread)
  -- each thread starts at a different place in the list, so threads do not walk it in lockstep
  thread:set("offset", thread_count * 389)
  thread_count = thread_count + 1
end

local requests_list = {}
local counter = 0

function init(args)
  local ids_file = os.getenv("BENCH_IDS_FILE")
  if ids_file ~= nil and ids_file ~= "" then
    for line in io.lines(ids_file) do
      if line ~= "" then
        requests_list[#requests_list + 1] = wrk.format("GET", "/names/" .. line)
      end
    end
  else
    requests_list[1] = wrk.format("GET", os.getenv("BENCH_PATH") or "/ping")
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests_list[(counter % #requests_list) + 1]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f"
      .. " errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
