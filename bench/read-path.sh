#!/usr/bin/env bash
# Read-path benchmark: how fast the gateway serves feeds and conditional reads from memory, and that
# client load adds zero provider calls. Starts the jar on the demo default (seconds mode, slots off so
# versions do not change mid-run), waits for readiness, runs wrk, prints the figures.
#
#   ./mvnw -q package -DskipTests && bench/read-path.sh [seconds-per-run] [connections]
#
# Needs wrk (apt-get install wrk). Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-64}"
PORT=18080
JAR=$(ls target/quotegate-*.jar | head -1)
DATA=$(mktemp -d)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 1; }

java -Xmx256m -jar "$JAR" --server.port=$PORT --quotegate.schedule.unit=seconds --quotegate.schedule.enabled=false \
  --quotegate.data-dir="$DATA" --logging.level.root=WARN > "$DATA/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null || { echo "bench: service not ready"; cat "$DATA/app.log"; exit 1; }

calls() { curl -s "localhost:$PORT/actuator/prometheus" | awk '/^quotegate_upstream_requests_total/ {s+=$2} END {print s+0}'; }
before=$(calls)
ETAG=$(curl -sI "localhost:$PORT/fx" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')

run() {
  echo "== $1"
  shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
}
wrk -t2 -c"$CONNECTIONS" -d3s "http://localhost:$PORT/fx" >/dev/null   # JIT warm-up, not reported
run "GET /fx (full feed, shared bytes)" "http://localhost:$PORT/fx"
run "GET /indices?symbols=SPX,DJI (narrowed, serialised per request)" "http://localhost:$PORT/indices?symbols=SPX,DJI"
run "GET /fx with If-None-Match (304)" -H "If-None-Match: $ETAG" "http://localhost:$PORT/fx"

after=$(calls)
echo "== upstream calls during the runs: $((after - before)) (warm-up made $before)"
echo "== heap after the runs: $(curl -s "localhost:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" | sed -E 's/.*"value":([0-9.E]+).*/\1/' | awk '{printf "%.0f MiB", $1/1048576}')"
