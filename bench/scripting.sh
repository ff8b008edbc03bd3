#!/usr/bin/env bash
# Lua scripting throughput: sockudo-kv against redis-server, side by side on this machine.
#
#   bench/scripting.sh       (builds the distribution first if it is missing)
#
# Each test is run with redis-benchmark -c CLIENTS -n N -P {1,16} -q, REPS times, alternating
# which server goes first; prints the median requests/s of each, the ratio sockudo-kv/redis and
# each server's CPU time per request (from /proc/<pid>/stat):
#   evalsha_incr   EVALSHA <sha> 1 bench:counter   with  return redis.call('incr', KEYS[1])
#   evalsha_get    EVALSHA <sha> 1 bench:key       with  return redis.call('get', KEYS[1])
#   fcall_incr     FCALL bench_incr 1 bench:counter (the same one-call body as a function)
#   incr           INCR bench:counter              (no script: the servers' plain per-request cost)
# Scripts are loaded with SCRIPT LOAD / FUNCTION LOAD first, so the figures are for the cached
# path (the script compiled once and found by its SHA).
#
# Settings (environment): N1 (requests per run at -P 1, default 200000), N16 (at -P 16, default
# 1000000), REPS (default 5), CLIENTS (default 50), TESTS (default "evalsha_incr evalsha_get
# fcall_incr incr"), SOCKUDO_KV_DIST, SOCKUDO_KV_JAVA_OPTS. Every server it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-200000}"
N16="${N16:-1000000}"
REPS="${REPS:-5}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS-evalsha_incr evalsha_get fcall_incr incr}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

INCR_SCRIPT="return redis.call('incr', KEYS[1])"
GET_SCRIPT="return redis.call('get', KEYS[1])"
LIBRARY="#!lua name=bench
redis.register_function('bench_incr', function(keys, args) return redis.call('incr', keys[1]) end)"
INCR_SHA="$(printf '%s' "$INCR_SCRIPT" | sha1sum | cut -d' ' -f1)"
GET_SHA="$(printf '%s' "$GET_SCRIPT" | sha1sum | cut -d' ' -f1)"

declare -A CMD=([evalsha_incr]="EVALSHA $INCR_SHA 1 bench:counter" [evalsha_get]="EVALSHA $GET_SHA 1 bench:key"
  [fcall_incr]="FCALL bench_incr 1 bench:counter" [incr]="INCR bench:counter")

setup() { # port
  [ "$(redis-cli -p "$1" SCRIPT LOAD "$INCR_SCRIPT")" = "$INCR_SHA" ] || { echo "bench: SCRIPT LOAD failed on $1" >&2; exit 1; }
  [ "$(redis-cli -p "$1" SCRIPT LOAD "$GET_SCRIPT")" = "$GET_SHA" ] || { echo "bench: SCRIPT LOAD failed on $1" >&2; exit 1; }
  redis-cli -p "$1" FUNCTION LOAD REPLACE "$LIBRARY" >/dev/null
  redis-cli -p "$1" SET bench:key value >/dev/null
}

run() { # port pid pipeline n test
  local words
  read -ra words <<<"${CMD[$5]}"
  bench_cmd "$1" "$2" "$3" "$4" "${words[@]}"
}

print_machine
echo "== N1=$N1 N16=$N16 REPS=$REPS CLIENTS=$CLIENTS"
RPORT="$(free_port)"
start_redis "$RPORT"
: "$RANDOM"
KPORT="$(free_port)"
while [ "$KPORT" = "$RPORT" ]; do KPORT="$(free_port)"; done
start_kv "$KPORT"
echo "== $(grep -o 'listening on port.*' "$WORK/sockudo-kv.log" | head -n1)"
setup "$RPORT"
setup "$KPORT"

# warm-up (the JIT compiles the script path on sockudo-kv)
for t in $TESTS; do
  warm_passes "$N16" run "$KPORT" "$KV_PID" 16 @N "$t"
  warm_passes "$N16" run "$RPORT" "$REDIS_PID" 16 @N "$t"
done

declare -A RESULT
for t in $TESTS; do
  for p in 1 16; do
    n="$N1"; [ "$p" = 16 ] && n="$N16"
    kr=(); rr=(); kc=(); rc=()
    for rep in $(seq 1 "$REPS"); do
      if [ $((rep % 2)) -eq 1 ]; then
        read -r a b <<<"$(run "$RPORT" "$REDIS_PID" "$p" "$n" "$t")"; rr+=("$a"); rc+=("$b")
        read -r a b <<<"$(run "$KPORT" "$KV_PID" "$p" "$n" "$t")"; kr+=("$a"); kc+=("$b")
      else
        read -r a b <<<"$(run "$KPORT" "$KV_PID" "$p" "$n" "$t")"; kr+=("$a"); kc+=("$b")
        read -r a b <<<"$(run "$RPORT" "$REDIS_PID" "$p" "$n" "$t")"; rr+=("$a"); rc+=("$b")
      fi
    done
    k="$(echo "${kr[*]}" | median)"; r="$(echo "${rr[*]}" | median)"
    kcpu="$(echo "${kc[*]}" | median)"; rcpu="$(echo "${rc[*]}" | median)"
    RESULT[$t,$p]="$k|$r|$(ratio "$k" "$r")|$kcpu|$rcpu|$(ratio "$rcpu" "$kcpu")"
    echo "   $t -P $p: sockudo-kv $k/s ($kcpu us CPU/req)  redis $r/s ($rcpu us CPU/req)  ratio $(ratio "$k" "$r")"
  done
done

echo
echo "== throughput (requests/s, medians; ratio = sockudo-kv / redis; CPU ratio = redis CPU per request / sockudo-kv's)"
printf '%-13s %4s %14s %14s %8s %10s\n' test P sockudo-kv redis ratio "CPU ratio"
for t in $TESTS; do
  for p in 1 16; do
    IFS='|' read -r k r q kc rc cq <<<"${RESULT[$t,$p]}"
    printf '%-13s %4s %14s %14s %8s %10s\n' "$t" "$p" "$k" "$r" "$q" "$cq"
  done
done
