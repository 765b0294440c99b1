#!/usr/bin/env bash
# Ledger and snapshot benchmarks (printed, never asserted):
#   - a ledger decision in memory, and on Redis over loopback (p50/p99, and Redis commands per decision
#     counted with INFO commandstats on a redis-server of the benchmark's own);
#   - how long a new snapshot takes to reach another replica's local copy (p50/p99).
# Usage: bench/ledger-redis.sh [decisions]   (default 20000). Needs redis-server installed (or Redis on 127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.quotegate.budget.LedgerBench "$@"
