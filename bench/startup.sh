#!/usr/bin/env bash
# Start to ready, three ways, alternating: the plain jar; the extracted jar with a CDS archive (Boot's
# -XX:SharedArchiveFile after a training run up to readiness); and the same with Spring
# AOT (-Paot build, -Dspring.aot.enabled=true). Per start it prints the time from launch to the first
# HTTP answer, to GET /fx = 200, to readiness UP (every feed served), and the RSS then. Seconds mode.
# Each time is when the probe that got that answer was sent; the first probes on a cold server take a
# while, so for readiness it also prints when that 200 arrived ("answered").
#
#   bench/startup.sh [runs]          (builds target-aot/ and the archives under target-aot/ first)
#   TRAIN=refresh bench/startup.sh   (archives trained up to the context refresh only, as before)
#   WAYS=jar bench/startup.sh 5      (the plain jar only, target/'s build: no AOT build, no training run)
#   WAYS=jar FLAGS="-XX:TieredStopAtLevel=1" bench/startup.sh   (JVM flags for every start)
#
# The wait is bench/ready-probe.py: one process probing over a socket every 20 ms (until 7 December a shell
# loop forked curl and date for each probe, some 150 processes a second on the cores the start ran on).
# Loopback only; each start is bounded (40 s).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
PORT="${PORT:-28290}"
WAYS="${WAYS:-jar cds aot+cds}"
read -r -a FLAGS <<< "${FLAGS:-}"
OUT=target-aot
if [ "$WAYS" = jar ]; then
  JAR=${JAR:-$(ls target/quotegate-*.jar | head -1)}
else
./mvnw -q -Paot -Dqg.build.dir="$OUT" -DskipTests package
JAR=$(ls $OUT/quotegate-*.jar | head -1)
rm -rf "$OUT/cds" && java -Djarmode=tools -jar "$JAR" extract --destination "$OUT/cds" >/dev/null
APP_JAR="$OUT/cds/$(basename "$JAR")"
fi
# The training run goes up to readiness and serves a read and a stream before it stops: the archive then
# holds what a start loads after the context refresh too (the web server, the warm-up's refresh path, the
# first responses), not only what -Dspring.context.exit=onRefresh reaches. The archive is written at exit.
# TRAIN=refresh trains the old way, up to the context refresh only (for comparison).
train() {  # archive, extra flags
  local d p tport=$((PORT + 2)); d=$(mktemp -d)
  if [ "${TRAIN:-ready}" = refresh ]; then
    java -XX:ArchiveClassesAtExit="$1" -Xlog:cds=off -Xlog:cds+dynamic=off "${@:2}" -Dspring.context.exit=onRefresh -jar "$APP_JAR" \
      --quotegate.schedule.unit=seconds --quotegate.data-dir="$d" --server.port=0 --logging.level.root=WARN >/dev/null 2>&1 || true
    rm -rf "$d"
    return
  fi
  java -XX:ArchiveClassesAtExit="$1" -Xlog:cds=off -Xlog:cds+dynamic=off "${@:2}" -jar "$APP_JAR" \
    --quotegate.schedule.unit=seconds --quotegate.data-dir="$d" --server.address=127.0.0.1 --server.port="$tport" \
    --management.server.address=127.0.0.1 --management.server.port="$((tport + 1))" --logging.level.root=WARN >/dev/null 2>&1 &
  p=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$tport/readyz")" = 200 ] && break
    sleep 0.1
  done
  curl -s "127.0.0.1:$tport/fx" >/dev/null || true
  timeout 1 curl -sN "127.0.0.1:$tport/fx/stream" >/dev/null || true
  kill "$p"; wait "$p" 2>/dev/null || true
  rm -rf "$d"
}
if [ "$WAYS" != jar ]; then
  train "$OUT/cds/app.jsa"
  train "$OUT/cds/app-aot.jsa" -Dspring.aot.enabled=true
fi

start() {  # label, java args...
  local label=$1 d t0 first fx ready answered pid rss
  shift
  d=$(mktemp -d)
  t0=$(date +%s%N)
  # The management port as shipped (its own server): a Spring AOT build fixes that choice at build time, so
  # overriding it with an empty port fails the AOT start. Readiness is read on the public port (/readyz).
  java "${FLAGS[@]}" "$@" --server.address=127.0.0.1 --server.port="$PORT" --management.server.address=127.0.0.1 \
    --management.server.port="$((PORT + 1))" --quotegate.schedule.unit=seconds \
    --quotegate.data-dir="$d" --logging.level.root=WARN > "$d/app.log" 2>&1 &
  pid=$!
  read -r first fx ready answered < <(python3 bench/ready-probe.py "$PORT" "$t0" 40000)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  printf "%-14s first answer %6s ms   /fx 200 %6s ms   ready %6s ms (answered %6s ms)   RSS %4s MiB\n" "$label" "${first:--}" "${fx:--}" "${ready:--}" "${answered:--}" "$rss"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$d"
}
echo "== $RUNS alternating starts each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for _ in $(seq 1 "$RUNS"); do
  for way in $WAYS; do
    case $way in
      jar) start "jar" -jar "$JAR" ;;
      cds) start "cds" -XX:SharedArchiveFile="$OUT/cds/app.jsa" -Xlog:cds=off -jar "$APP_JAR" ;;
      aot+cds) start "aot+cds" -XX:SharedArchiveFile="$OUT/cds/app-aot.jsa" -Xlog:cds=off -Dspring.aot.enabled=true -jar "$APP_JAR" ;;
    esac
  done
done
