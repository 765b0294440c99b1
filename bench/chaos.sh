#!/usr/bin/env bash
# The chaos run of issue 19 (ChaosIT, about six minutes): three replicas, each in a JVM of its own, on the fake
# providers in seconds mode, on Redis behind Sentinel (a primary, a replica and three redis-sentinels of the run's own,
# on free loopback ports) and on PostgreSQL (127.0.0.1:5432, database quotegate_test) through a proxy that can cut it
# off, go through: Redis restarted empty mid-day, a Sentinel fail-over, PostgreSQL lost for a minute, a replica
# SIGKILLed mid-slot, and a call delayed across a minute's edge. It prints, per fault: over-limit answers, slots lost,
# slots run twice, the largest drop of any day or month count, and the seconds until every replica serves the same
# version again; and fails unless the first four are all zero. The table is also left in target/chaos.txt.
#
# Usage: bench/chaos.sh                    the run
#        bench/chaos.sh --no-edge-guard    the same with Twelve Data's edge guard off (fault 5 then crosses a limit)
# Needs redis-server, redis-sentinel and PostgreSQL as .ci/run sets them up.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/chaos.txt
guard=""
if [ "${1:-}" = "--no-edge-guard" ]; then
  guard="-Dquotegate.chaos.edge-guard=0ms"
fi
status=0
./mvnw -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChaosIT \
  -Dquotegate.chaos=true $guard -Dspotless.check.skip=true > target/chaos-maven.log 2>&1 || status=$?
grep -E "Tests run:|BUILD" target/chaos-maven.log | tail -3
echo
if [ -f target/chaos.txt ]; then
  cat target/chaos.txt
else
  echo "no figures: see target/chaos-maven.log and target/failsafe-reports/io.quotegate.it.ChaosIT-output.txt"
fi
exit $status
