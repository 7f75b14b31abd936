-- wrk script for bench/http/run.sh: every request is the next line of $TARGETS (paths), sent
-- with the session cookie in $COOKIE, over wrk's keep-alive connections. Each thread starts at a
-- different offset so the threads do not ask the same thing at the same moment.
local targets = {}
local cookie = os.getenv("COOKIE")
local index = 0

function init(args)
  for line in io.lines(os.getenv("TARGETS")) do
    targets[#targets + 1] = line
  end
  index = math.random(#targets)
end

function request()
  index = index + 1
  if index > #targets then index = 1 end
  return wrk.format("GET", targets[index], { ["Cookie"] = cookie })
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d rps=%.0f non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.requests / (summary.duration / 1e6),
    (summary.errors.status or 0)))
end
