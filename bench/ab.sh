#!/usr/bin/env bash
# Before/after in one run: redis-server and two sockudo-kv distributions side by side.
#
#   BASE=/tmp/dist-before NEW=distribution/target/sockudo-kv bench/ab.sh
#
# (a distribution is a copy of distribution/target/sockudo-kv; copy the one built from the old
# commit aside before building the new one). Every test of TESTS (redis-benchmark -t names,
# default "set get incr lpush mset") is warmed up on each server in WARM_PASSES runs (lib.sh says
# why), then measured REPS times (default 3) with redis-benchmark -c CLIENTS (50) -n N (1000000)
# -P P (16) and BENCH_ARGS (e.g. "-d 1024 -r 1000000"), the order of the three servers alternating
# between repetitions. Prints the median
# server CPU µs per request of each and each sockudo-kv's ratio to redis, then the requests/s. On a
# shared machine CPU per request is the steadier figure; the load average is printed at both ends.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${BASE:?BASE=<distribution before>}" "${NEW:=$ROOT/distribution/target/sockudo-kv}"
DIST="$NEW"
CLIENTS="${CLIENTS:-50}"
N="${N:-1000000}"
REPS="${REPS:-3}"
P="${P:-16}"
TESTS="${TESTS:-set get incr lpush mset}"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine
RP="$(free_port)"; start_redis "$RP"; RPID=$REDIS_PID
DIST="$BASE"; BP="$(free_port)"; start_kv "$BP"; BPID=$KV_PID
DIST="$NEW"; NP="$(free_port)"; start_kv "$NP"; NPID=$KV_PID
for t in $TESTS; do
  warm_passes "$N" bench_cmd "$RP" "$RPID" "$P" @N -t "$t" ${BENCH_ARGS:-}
  warm_passes "$N" bench_cmd "$BP" "$BPID" "$P" @N -t "$t" ${BENCH_ARGS:-}
  warm_passes "$N" bench_cmd "$NP" "$NPID" "$P" @N -t "$t" ${BENCH_ARGS:-}
done
declare -A CPU RPS
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="redis base new"; else order="new base redis"; fi
  for t in $TESTS; do
    for s in $order; do
      case $s in redis) port=$RP pid=$RPID ;; base) port=$BP pid=$BPID ;; new) port=$NP pid=$NPID ;; esac
      read -r r c < <(bench_cmd "$port" "$pid" "$P" "$N" -t "$t" ${BENCH_ARGS:-})
      CPU["$s|$t"]+="$c "
      RPS["$s|$t"]+="$r "
      printf '   rep %d  %-6s %-5s %12s req/s  %6s us CPU/req\n' "$rep" "$t" "$s" "$r" "$c"
    done
  done
done
echo
echo "== -P $P -c $CLIENTS n=$N, median of $REPS; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %9s %9s %9s %8s %8s   %11s %11s %11s\n' test "redis us" "base us" "new us" base/r new/r "redis rps" "base rps" "new rps"
for t in $TESTS; do
  rc=$(echo "${CPU[redis|$t]}" | median); bc=$(echo "${CPU[base|$t]}" | median); nc=$(echo "${CPU[new|$t]}" | median)
  rr=$(echo "${RPS[redis|$t]}" | median); br=$(echo "${RPS[base|$t]}" | median); nr=$(echo "${RPS[new|$t]}" | median)
  printf '%-6s %9s %9s %9s %8s %8s   %11s %11s %11s\n' "$t" "$rc" "$bc" "$nc" "$(ratio "$bc" "$rc")" "$(ratio "$nc" "$rc")" "$rr" "$br" "$nr"
done
