#!/usr/bin/env bash
# JMH on the ledger decision (MemoryLedger, in memory and with its file record) and on lock-free reads
# during writes. Builds into target-bench/ so it can run beside a normal build.
#
#   bench/ledger-jmh.sh [extra JMH options]      e.g. bench/ledger-jmh.sh -p store=memory
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target-bench
./mvnw -q -Pbench -Dqg.build.dir="$OUT" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/bench.classpath"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/bench.classpath")"
# Short but real: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement per benchmark and parameter.
java -cp "$CP" org.openjdk.jmh.Main 'io.quotegate.budget.LedgerDecisionBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s "$@"
