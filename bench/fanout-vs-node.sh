#!/usr/bin/env bash
# Fan-out against a minimal Node SSE server, measured with the same client in the same run: N
# subscribers (10,000 by default) on Quotegate's /crypto/stream and on bench/node/sse-peer.js serving the
# very bytes of /crypto, and for each the p99 arrival spread of one update over the N connections
# (bench/node/sse-spread.js: from the first connection's arrival to the p99 one's). Rounds alternate
# between the two servers; each round waits for ROUNDS_PER updates (2). Also Quotegate's RSS and heap per
# idle subscriber, in the warm-up round: after a full GC with all N connected, against one before (jcmd).
#
#   ./mvnw -q package -DskipTests && bench/fanout-vs-node.sh [subscribers] [rounds]
#
# The client is lean (bench/node/sse-spread.js says why): what it spends per arrival is part of every
# spread it measures. Quotegate runs in seconds mode (crypto refreshes at :20 and :50 of every minute); the peer sends an
# update every 10 s. Loopback only; every phase is bounded in time. Needs node (Node.js 18+).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
ROUNDS="${2:-2}"
ROUNDS_PER="${ROUNDS_PER:-2}"
QG_PORT="${QG_PORT:-28390}"
NODE_PORT="${NODE_PORT:-28391}"
JAR="${JAR:-$(ls target/quotegate-*.jar | head -1)}"
DIR=$(mktemp -d)
WANT=$((N + 2000))
ulimit -n "$WANT" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$WANT" ]; then
  echo "bench: ulimit -n is $(ulimit -n), $N subscribers need about $WANT descriptors per process"; exit 1
fi
java ${JAVA_OPTS:--Xmx512m} -jar "$JAR" --server.address=127.0.0.1 --server.port="$QG_PORT" --management.server.port= \
  --quotegate.markets.always-open=true --quotegate.schedule.unit=seconds --quotegate.data-dir="$DIR/data" \
  --logging.level.root=WARN > "$DIR/app.log" 2>&1 &
APP=$!
PEER=
cleanup() {
  kill "$APP" 2>/dev/null || true
  [ -n "$PEER" ] && kill "$PEER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$QG_PORT/readyz")" = 200 ] && break
  sleep 0.5
done
curl -fs "127.0.0.1:$QG_PORT/crypto" > "$DIR/crypto.json" || { echo "bench: service not ready"; cat "$DIR/app.log"; exit 1; }
node bench/node/sse-peer.js "$NODE_PORT" "$DIR/crypto.json" 10000 > "$DIR/peer.log" 2>&1 &
PEER=$!
sleep 1
# A warm-up round, not counted: N subscribers on each server for ROUNDS_PER updates, so that the rounds
# measure a running server's update and not its JIT compiling the write path (a JVM compiles a method
# fully after some 10,000 calls: in a fresh Quotegate the second update of the first round was the
# slowest, its event loops sharing the cores with the compiler). WARMUP=0 skips it.
# Memory in KiB after a full GC: "RSS heap" (jcmd; the heap from the actuator's jvm.memory.used).
memory() {
  jcmd "$APP" GC.run > /dev/null
  echo "$(awk '/VmRSS/ {print $2}' "/proc/$APP/status")" \
    "$(curl -fs "127.0.0.1:$QG_PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
      | sed 's/.*"value":\([0-9.E+]*\).*/\1/' | awk '{printf "%d", $1 / 1024}')"
}
# One Quotegate round into file $1, printed. With a second argument, also its memory per subscriber, from a
# full GC before connecting and one once all N are connected (the round is then not one to count: the GC
# may fall on an update).
qg_round() {
  local before="" idle watcher=""
  [ -n "${2:-}" ] && before=$(memory)
  node bench/node/sse-spread.js "http://127.0.0.1:$QG_PORT/crypto/stream" "$N" "$ROUNDS_PER" 90 > "$1" &
  local client=$!
  if [ -n "$before" ]; then
    for _ in $(seq 1 900); do grep -q "connected with a snapshot" "$1" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
    idle=$(memory)
    read -r b_rss b_heap <<< "$before"; read -r i_rss i_heap <<< "$idle"
    echo "   Quotegate with $N idle subscribers, after a GC: RSS $(( b_rss / 1024 )) -> $(( i_rss / 1024 )) MiB," \
      "heap $(( b_heap / 1024 )) -> $(( i_heap / 1024 )) MiB: per subscriber" \
      "$(awk -v a="$i_rss" -v b="$b_rss" -v n="$N" 'BEGIN {printf "%.1f", (a - b) / n}') KiB RSS," \
      "$(awk -v a="$i_heap" -v b="$b_heap" -v n="$N" 'BEGIN {printf "%.1f", (a - b) / n}') KiB heap" > "$DIR/memory.txt"
  fi
  wait "$client" || true
  grep -v RESULT "$1" || true
  [ -n "$before" ] && cat "$DIR/memory.txt"
  return 0
}
if [ "${WARMUP:-1}" != 0 ]; then
  echo "-- warm-up round, not counted"
  qg_round "$DIR/warm.txt" memory
  node bench/node/sse-spread.js "http://127.0.0.1:$NODE_PORT/stream" "$N" "$ROUNDS_PER" 90 | grep -v RESULT || true
fi
echo "== $N subscribers, $ROUNDS rounds each, alternating ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)); payload $(wc -c < "$DIR/crypto.json") bytes"
for r in $(seq 1 "$ROUNDS"); do
  echo "-- round $r: Quotegate /crypto/stream (load $(cut -d' ' -f1 /proc/loadavg))"
  qg_round "$DIR/qg-$r.txt"
  echo "-- round $r: Node peer /stream (load $(cut -d' ' -f1 /proc/loadavg))"
  node bench/node/sse-spread.js "http://127.0.0.1:$NODE_PORT/stream" "$N" "$ROUNDS_PER" 90 | tee "$DIR/node-$r.txt"
done
med() { grep -h RESULT "$@" | sed 's/.*p99=//' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
QG=$(med "$DIR"/qg-*.txt); ND=$(med "$DIR"/node-*.txt)
[ -s "$DIR/memory.txt" ] && echo "== memory per idle subscriber (warm-up round):$(sed 's/.*: per subscriber//' "$DIR/memory.txt")"
echo "== p99 arrival spread, median of every update measured: Quotegate $QG ms, Node peer $ND ms, ratio $(awk -v a="$QG" -v b="$ND" 'BEGIN {printf "%.2f", a / b}')"
