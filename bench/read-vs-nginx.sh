#!/usr/bin/env bash
# Read path against nginx on the very same bytes. Starts the jar (seconds mode, slots off, TTLs long so
# that no version and no ETag changes during the run), copies the bytes it serves for the full feed and
# a narrowed read into files, starts nginx (Debian's nginx-light, one worker) on them, warms the JIT,
# then alternates wrk rounds against both and prints req/s for each and the ratio, for:
#   full    GET /fx
#   narrow  GET /indices?symbols=SPX,DJI
#   keyed   GET /fx with X-API-Key (the client-plan checks on every request; nginx ignores the header)
#   304     GET /fx with If-None-Match: <current ETag>   (checked to answer 304 before and after each round)
# Also: upstream calls during the runs (must be 0) and the heap after them.
#
#   ./mvnw -q package -DskipTests && bench/read-vs-nginx.sh [rounds] [seconds-per-round] [connections]
#
# KINDS="full 304" runs only those kinds (default: all four); JAR=other.jar runs another build.
#
# Needs wrk and nginx (apt-get install -y wrk nginx-light). Loopback only; every run is bounded in time.
# The machine is shared: figures move with its load, which is why the rounds alternate.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
DURATION="${2:-8}"
CONNECTIONS="${3:-64}"
QG_PORT="${QG_PORT:-28180}"
NGINX_PORT="${NGINX_PORT:-28181}"
JAR="${JAR:-$(ls target/quotegate-*.jar | head -1)}"
KINDS="${KINDS:-full keyed narrow 304}"
DIR=$(mktemp -d)
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench: $tool is missing (apt-get install -y wrk nginx-light)"; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

LONG_TTLS=()
for feed in fx indices crypto commodities stocks; do LONG_TTLS+=("--quotegate.feeds.$feed.ttl=1000d"); done
# Nor may a quote age out by its own date during the run (a new reading would change the ETag).
LONG_TTLS+=("--quotegate.providers.demo.max-age=1000d")
# A client key of a tier with limits too high to bite: the "keyed" rounds measure what the client-plan
# checks cost per request (SHA-256 of the key, a Bucket4j take, counting the response), against the
# anonymous "full" rounds on the same bytes.
BENCH_KEY=bench-key-0123456789
BENCH_HASH=$(printf %s "$BENCH_KEY" | sha256sum | cut -d' ' -f1)
java ${JAVA_OPTS:--Xmx256m} -jar "$JAR" --server.address=127.0.0.1 --server.port="$QG_PORT" --management.server.port= \
  --quotegate.schedule.unit=seconds --quotegate.schedule.enabled=false "${LONG_TTLS[@]}" \
  --quotegate.clients.tiers.bench.requests-per-minute=1000000000 --quotegate.clients.keys[0].name=bench \
  --quotegate.clients.keys[0].sha256="$BENCH_HASH" --quotegate.clients.keys[0].tier=bench \
  --quotegate.data-dir="$DIR/data" --logging.level.root=WARN > "$DIR/app.log" 2>&1 &
APP=$!
cleanup() {
  kill "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
  [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fs "127.0.0.1:$QG_PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "127.0.0.1:$QG_PORT/actuator/health/readiness" >/dev/null || { echo "bench: service not ready"; cat "$DIR/app.log"; exit 1; }

QG="http://127.0.0.1:$QG_PORT"
NG="http://127.0.0.1:$NGINX_PORT"
NARROW="/indices?symbols=SPX,DJI"
mkdir -p "$DIR/www"
curl -fs "$QG/fx" -o "$DIR/www/fx.json"
curl -fs "$QG$NARROW" -o "$DIR/www/indices-narrow.json"
chmod 755 "$DIR" "$DIR/www"; chmod 644 "$DIR"/www/*   # nginx workers do not run as us
CC=$(curl -fsI "$QG/fx" | awk -F': ' 'tolower($1)=="cache-control" {print $2}' | tr -d '\r')
cat > "$DIR/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  types { }
  default_type application/json;
  client_body_temp_path $DIR/tmp; proxy_temp_path $DIR/tmp; fastcgi_temp_path $DIR/tmp;
  uwsgi_temp_path $DIR/tmp; scgi_temp_path $DIR/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /fx { alias $DIR/www/fx.json; add_header Cache-Control "$CC"; }
    location = /indices { alias $DIR/www/indices-narrow.json; add_header Cache-Control "$CC"; }
  }
}
CONF
mkdir -p "$DIR/tmp"
"$NGINX" -c "$DIR/nginx.conf"
cmp -s <(curl -fs "$QG/fx") <(curl -fs "$NG/fx") || { echo "bench: nginx does not serve the same /fx bytes"; exit 1; }
cmp -s <(curl -fs "$QG$NARROW") <(curl -fs "$NG$NARROW") || { echo "bench: nginx does not serve the same narrowed bytes"; exit 1; }

etag() { curl -fsI "$1" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r'; }
status() { curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1"; }
QG_ETAG=$(etag "$QG/fx")
NG_ETAG=$(etag "$NG/fx")
calls() { curl -s "$QG/actuator/prometheus" | awk '/^quotegate_upstream_requests_total/ {s+=$2} END {print s+0}'; }
before=$(calls)

# One wrk round; prints req/s. For the 304 kind, the ETag must answer 304 before and after the round,
# so every request in between did (a version or staleness change only ever moves the ETag on).
round() {  # target kind
  local base=$1 kind=$2 url args=() tag
  case $kind in
    full) url="$base/fx" ;;
    narrow) url="$base$NARROW" ;;
    keyed) url="$base/fx"; args=(-H "X-API-Key: $BENCH_KEY") ;;
    304) url="$base/fx"; if [ "$base" = "$QG" ]; then tag=$QG_ETAG; else tag=$NG_ETAG; fi
         args=(-H "If-None-Match: $tag")
         [ "$(status "$url" "$tag")" = 304 ] || { echo "bench: $url does not answer 304 to $tag" >&2; exit 1; } ;;
  esac
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "${args[@]}" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}'
  if [ "$kind" = 304 ]; then
    [ "$(status "$url" "$tag")" = 304 ] || { echo "bench: $url stopped answering 304 during the round" >&2; exit 1; }
  fi
}

echo "== warm-up (JIT): 3 x 10 s per kind against quotegate, 5 s against nginx (not reported)"
MEASURE=$DURATION
DURATION=10; for kind in $KINDS; do for _ in 1 2 3; do round "$QG" "$kind" >/dev/null; done; done
DURATION=5; for kind in $KINDS; do round "$NG" "$kind" >/dev/null; done
DURATION=$MEASURE

echo "== $ROUNDS alternating rounds of ${DURATION} s, wrk -t1 -c$CONNECTIONS, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
declare -A SUM_QG SUM_NG
for kind in $KINDS; do SUM_QG[$kind]=0; SUM_NG[$kind]=0; done
for r in $(seq 1 "$ROUNDS"); do
  for kind in $KINDS; do
    if [ $((r % 2)) -eq 1 ]; then n=$(round "$NG" "$kind"); q=$(round "$QG" "$kind"); else q=$(round "$QG" "$kind"); n=$(round "$NG" "$kind"); fi
    SUM_QG[$kind]=$((SUM_QG[$kind] + q)); SUM_NG[$kind]=$((SUM_NG[$kind] + n))
    printf "round %d %-6s nginx %7d req/s  quotegate %7d req/s  ratio %.2f\n" "$r" "$kind" "$n" "$q" "$(awk -v q="$q" -v n="$n" 'BEGIN {print (n > 0 ? q / n : 0)}')"
  done
done
echo "== mean over $ROUNDS rounds"
for kind in $KINDS; do
  n=$((SUM_NG[$kind] / ROUNDS)); q=$((SUM_QG[$kind] / ROUNDS))
  printf "%-6s nginx %7d req/s  quotegate %7d req/s  ratio %.2f\n" "$kind" "$n" "$q" "$(awk -v q="$q" -v n="$n" 'BEGIN {print (n > 0 ? q / n : 0)}')"
done
after=$(calls)
echo "== upstream calls during the runs: $((after - before)) (warm-up made $before)"
echo "== heap after the runs: $(curl -s "$QG/actuator/metrics/jvm.memory.used?tag=area:heap" | sed -E 's/.*"value":([0-9.E]+).*/\1/' | awk '{printf "%.0f MiB", $1/1048576}')"
