#!/usr/bin/env bash
# SSE fan-out benchmark: N subscribers (10,000 by default) on one feed's stream, one update, and the
# figures: delivery p50/p99/max from the moment the snapshot is stored, server RSS and heap per idle
# subscriber, and (with HOLD seconds) whether every connection keeps receiving heartbeats.
#
#   ./mvnw -q package -DskipTests && bench/sse-fanout.sh [subscribers] [hold-seconds] [feed]
#   bench/sse-fanout.sh 50000 20     # 50k subscribers stay up: heartbeats every 5 s for 20 s
#
# Seconds mode with slots on (fx refreshes at :00 and :30 of every minute), heartbeat 5 s. Loopback only;
# every phase is bounded in time. Raises ulimit -n for both processes (run as root, or with a high hard limit).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
HOLD="${2:-0}"
FEED="${3:-fx}"
PORT="${PORT:-28090}"
JAR="${JAR:-$(ls target/quotegate-*.jar | head -1)}"  # JAR=... compares another build
DATA=$(mktemp -d)
WANT=$((N + 2000))
ulimit -n "$WANT" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$WANT" ]; then
  echo "bench: ulimit -n is $(ulimit -n) (hard limit $(ulimit -Hn)), $N subscribers need about $WANT descriptors per process"
  exit 1
fi

java ${JAVA_OPTS:--Xmx512m} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" --management.server.port= --quotegate.markets.always-open=true --quotegate.schedule.unit=seconds \
  --quotegate.stream.heartbeat=5s --quotegate.data-dir="$DATA" --logging.level.root=WARN > "$DATA/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "127.0.0.1:$PORT/actuator/health/readiness" >/dev/null || { echo "bench: service not ready"; cat "$DATA/app.log"; exit 1; }
# Warm the stream path a little so the first measured update is not the JIT's first sight of it.
for _ in 1 2 3; do timeout 1 curl -sN "127.0.0.1:$PORT/$FEED/stream" >/dev/null || true; done

echo "== $N subscribers on /$FEED/stream (server pid $APP, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
java -Xmx2g -XX:+UseSerialGC bench/SseFanOut.java "$PORT" "$FEED" "$N" "$APP" "$HOLD" 4 "${ROUNDS:-2}"
