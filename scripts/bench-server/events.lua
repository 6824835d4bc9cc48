-- POST /api/v1/events with the batch in $BATCH; one extra line per request makes every body
-- distinct (the server does not store a re-sent batch twice). $RUN keeps runs apart.
local token = os.getenv("TOKEN")
local f = io.open(os.getenv("BATCH"), "r")
local base = f:read("*a")
f:close()
local run = tonumber(os.getenv("RUN") or "0")
local counter = 0
tid = tid or 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  local line = string.format('{"type":"sms","time":"2021-06-17T00:00:00+08:00","from":"17%02d%02d%05d","to":"13800000000"}\n', run % 100, tid, counter)
  return wrk.format("POST", "/api/v1/events", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/x-ndjson"}, base .. line)
end
