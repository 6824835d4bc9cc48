#!/bin/bash
# Server benchmark on loopback (issue 6): risk query and event ingestion with wrk.
#   scripts/bench-server/run.sh [PACKAGE]   (default ../shared/samples/small-city; needs wrk, python3,
#                                            and `swift build -c release --product chainbreaker`)
# Imports the package into a fresh store, creates an api-client token, derives request paths from
# the package (suspect phones, QQ and WeChat ids, payee accounts and APPs of the cases, tagged
# entities, callers of the call records, unknown phones), then runs wrk against
# `chainbreaker serve` with the risk fast path and with --no-fast-path, and the event batches.
# WRK_RISK / WRK_EVENTS override the wrk options. Prints wrk's figures and the server's CPU per request.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pkg=${1:-$root/../shared/samples/small-city}
bin=${BIN:-$root/.build/release/chainbreaker}
port=${PORT:-18190}
work=$(mktemp -d /tmp/cb-bench-server.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin" import --db "$work/city.db" "$pkg" > /dev/null
"$bin" user add bank --role api-client --db "$work/city.db" > /dev/null
export TOKEN=$("$bin" token create --user bank --db "$work/city.db" | tail -1 | awk '{print $NF}')
export PATHS="$work/paths.txt" BATCH="$work/batch.jsonl"
python3 - "$pkg" "$PATHS" <<'PY'
import csv, random, sys, urllib.parse
pkg, out = sys.argv[1], sys.argv[2]
ids = []
def add(kind, v):
    v = (v or "").strip()
    if v: ids.append((kind, v))
with open(pkg + "/cases.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        for col, kind in (("嫌疑人电话", "phone"), ("嫌疑人QQ", "qq"), ("嫌疑人微信", "wechat"), ("收款账号", "account"), ("嫌疑APP", "app")):
            for v in (r.get(col) or "").replace("；", ";").split(";"): add(kind, v)
with open(pkg + "/tags.csv", encoding="utf-8-sig") as f:
    for r in csv.reader(f):
        if r and r[0] in ("account", "phone", "qq", "wechat", "url", "app"): add(r[0], r[1])
with open(pkg + "/calls.csv", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))[1:]
    for r in rows[:300]: add("phone", r[0])
rng = random.Random(11)
for _ in range(100): add("phone", "1%d%09d" % (rng.choice([3, 5, 7, 8, 9]), rng.randrange(10**9)))
with open(out, "w") as f:
    for kind, v in ids: f.write("/api/v1/risk/%s/%s\n" % (kind, urllib.parse.quote(v, safe="")))
print("risk paths:", len(ids))
PY
grep '"type"' "$pkg/events.jsonl" | head -5000 > "$BATCH" || true
serve() {
    "$bin" serve --db "$work/city.db" --port "$port" "$@" > "$work/serve.log" 2>&1 &
    sp=$!
    for _ in $(seq 120); do curl -s "http://127.0.0.1:$port/health" | grep -q '"warning_engine":"ready"' && break; sleep 1; done
}
measure() {   # label, wrk args...
    local label=$1; shift
    local t0 t1 n out
    t0=$(awk '{print $14+$15}' /proc/$sp/stat)
    out=$(wrk "$@" "http://127.0.0.1:$port")
    t1=$(awk '{print $14+$15}' /proc/$sp/stat)
    n=$(echo "$out" | awk '/requests in/{print $1}')
    echo "$label: $(echo "$out" | grep -E 'Requests/sec' | tr -s ' ') p50 $(echo "$out" | awk '/ 50%/{print $2}') p99 $(echo "$out" | awk '/ 99%/{print $2}') server CPU $(python3 -c "print(round(($t1-$t0)*10000/$n,1))") us/request $(echo "$out" | grep -E 'Non-2xx' | tr -s ' ')"
}
for mode in "" "--no-fast-path"; do
    serve $mode
    measure "risk ${mode:-(fast path)}" ${WRK_RISK:--t1 -c24 -d15s} --latency -s "$here/risk.lua"
    kill -INT $sp; wait $sp || true
done
serve
RUN=$RANDOM measure "events (batches of $(wc -l < "$BATCH") + 1)" ${WRK_EVENTS:--t2 -c8 -d15s} --latency -s "$here/events.lua"
kill -INT $sp; wait $sp || true
