-- GET /api/v1/risk/{kind}/{value}, round robin over $PATHS (one request path per line).
local token = os.getenv("TOKEN")
local paths = {}
for line in io.lines(os.getenv("PATHS")) do table.insert(paths, line) end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer " .. token})
end
